"""Policy and agreement text: escaped first, then headings, paragraphs and bullet points."""

from preschool.lib.text import render, sections


def test_it_lays_out_headings_paragraphs_and_lists():
    html = render("Intro line one\nline two\n\n## Key person\n- First\n- Second\nAfter.")
    assert html == ('<p>Intro line one line two</p>\n'
                    '<h2 class="h5 mt-4" id="section-1">Key person</h2>\n'
                    "<ul><li>First</li><li>Second</li></ul>\n<p>After.</p>")


def test_everything_typed_is_escaped_before_tags_are_added():
    html = render('## <script>alert(1)</script>\n- <img src=x onerror=alert(1)>\n'
                  'Fish & "chips" <b>now</b>')
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Fish &amp; &quot;chips&quot; &lt;b&gt;now&lt;/b&gt;" in html


def test_the_heading_level_can_change():
    assert render("## A", heading_level=3) == '<h3 class="h6 mt-3" id="section-1">A</h3>'


def test_sections_are_the_headings_once_each():
    assert sections("## A\ntext\n##B\n## \n## C\n## A") == ["A", "C"]
    assert sections("") == []


def test_it_joins_wrapped_lines_so_the_screen_wraps_them():
    html = render("We know that you know your child\nbest. This agreement sets out\nhow.")
    assert html == "<p>We know that you know your child best. This agreement sets out how.</p>"
    assert "<br>" not in html


def test_an_indented_line_continues_the_bullet_above():
    html = render("- Give your child a key person, who will get to know\n"
                  "  your family.\n- Share the journal.\nAfter.")
    assert html == ("<ul><li>Give your child a key person, who will get to know your family.</li>"
                    "<li>Share the journal.</li></ul>\n<p>After.</p>")


def test_an_indented_continuation_is_escaped_too():
    html = render("- One\n  <script>x</script>")
    assert "<script>" not in html and "One &lt;script&gt;x&lt;/script&gt;" in html
