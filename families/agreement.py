"""The parent partnership agreement a new setting starts with (the setting may publish its own
wording as a new version)."""

DEFAULT_TITLE = "Parent partnership agreement"

DEFAULT_TEXT = """\
We know that you know your child best. This agreement sets out how we will work together.

## What we will do
- Give your child a key person, and a back-up key person, who will get to know your child and
  your family, help your child settle, and be the first person you talk to.
- Share your child's learning journal with you online, and welcome your own observations of
  what your child does at home.
- Ask for your written consent before we give any medicine, take your child on an outing,
  take or share photos, or share information about your child with anyone else, and respect
  your choices, which you can change at any time.
- Release your child only to the adults you have named, or to someone who gives the password
  you have set for that day.
- Tell you the same day about any accident, injury or medicine given.
- Keep your family's information private and safe, and use it only to care for and educate
  your child.
- Listen to your views: on your child, on our policies when we review them, and through our
  questionnaires. If you are unhappy, we will investigate your complaint and tell you the
  outcome within 28 days.

## What we ask of you
- Keep your child's details up to date here, especially contacts, allergies and health needs.
- Tell us who will collect your child, and set a collection password when someone we do not
  know will collect.
- Tell us about anything that may affect your child: at home, in their health, or in the
  family.
- Read our policies, and tell us what you think of them.
"""
