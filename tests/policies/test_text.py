"""Policy text: escaped first, then headings, paragraphs and bullet points."""

from policies.text import render, sections


def test_it_lays_out_headings_paragraphs_and_lists():
    html = render("Intro line one\nline two\n\n## Key person\n- First\n- Second\nAfter.")
    assert html == ('<p>Intro line one<br>\nline two</p>\n'
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
