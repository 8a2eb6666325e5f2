"""The words of static/offline/offline.js, in the reader's language.

The portal has no JavaScript catalogue: the page carries these in a data attribute (the
template tag ``offline_messages``). A plural is given for a few sample numbers, and the
script picks the sample of the same plural category (``Intl.PluralRules`` of the page's
language) as the number it shows: for every language of the portal, gettext's plural rule
and the CLDR's categories agree on whole numbers.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PLURAL_SAMPLES = (0, 1, 2, 3, 5, 11, 12, 21, 22, 25, 101, 102, 111)
COUNT = "{count}"


def _plural(make) -> dict[str, str]:
    return {str(n): make(n) for n in PLURAL_SAMPLES}


def offline_messages() -> dict:
    return {
        "offlineWaiting": _plural(lambda n: ngettext(
            "Offline: %(count)s to send", "Offline: %(count)s to send", n)
            % {"count": COUNT}),
        "onlineWaiting": _plural(lambda n: ngettext(
            "%(count)s waiting to send", "%(count)s waiting to send", n) % {"count": COUNT}),
        "conflicts": _plural(lambda n: ngettext(
            "%(count)s not saved: look below", "%(count)s not saved: look below", n)
            % {"count": COUNT}),
        "signOutWarning": _plural(lambda n: ngettext(
            "%(count)s not sent yet: signing out deletes them. Sign out anyway?",
            "%(count)s not sent yet: signing out deletes them. Sign out anyway?", n)
            % {"count": COUNT}),
        "offline": _("Offline: what you record is kept on this device, encrypted, and sent "
                     "when the connection returns."),
        "signedOut": _("Sign in again to send what waits on this device."),
        "paused": _("Your account is paused: what waited on this device has been deleted."),
        "noKey": _("This device cannot keep anything while offline (it has no key): stay "
                   "online, or reload the page once the connection returns."),
        "waitingRow": _("Waiting to send"),
        "notSaved": _("Not saved"),
        "dismiss": _("Dismiss"),
        "signIn": _("%(child)s: signed in at %(time)s, dropped off by %(adult)s")
        % {"child": "{child}", "time": "{time}", "adult": "{adult}"},
        "signOut": _("%(child)s: signed out at %(time)s, collected by %(adult)s")
        % {"child": "{child}", "time": "{time}", "adult": "{adult}"},
        "observation": _("Observation of %(children)s, %(date)s")
        % {"children": "{children}", "date": "{date}"},
        "passwordNeedsConnection": _("A collection password is checked by the server: that "
                                     "needs the connection. Choose an adult named above, or "
                                     "wait for the connection."),
        "restricted": _("Do not release %(child)s: keep the child inside and call the "
                        "manager.") % {"child": "{child}"},
        "observationKept": _("No connection: the observation is kept on this device and will "
                             "be sent when the connection returns."),
    }
