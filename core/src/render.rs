//! Article Markdown → a small, flat block tree that shells render natively (no Markdown engine
//! on the phone side, no HTML). Flat on purpose: list items and callouts hold spans, not nested
//! blocks, so the tree crosses the FFI boundary as plain records.
//!
//! The renderer is the phone's own check on what an article may do, whatever the publisher's lint
//! let through: text loses control and bidi characters, links keep only targets the phone may
//! open ([`LinkTarget::parse`]; any other link is plain text), and raw HTML loses its tags but
//! never the text around them.

use crate::safety;
use pulldown_cmark::{BlockQuoteKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// Where a link goes. Links between content resolve to ids; shells route them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LinkTarget {
    /// Another article, by translation group (`article:registration-ru`). The translation
    /// the reader will get is in `ArticleView::linked_articles`.
    Article {
        group: String,
    },
    Hotline {
        id: String,
    },
    Service {
        id: String,
    },
    /// A `tel:` link, dialled by the phone: only a plainly dialable number (digits and a
    /// leading `+`, normalised), never `*`/`#` codes or pauses.
    Tel {
        number: String,
    },
    /// An audio attachment (`audio:<sha256>`).
    Audio {
        sha256: String,
    },
    /// An ordinary web link (`https:`, or `http:` — shown, although lint refuses it in new
    /// content), or a plain `mailto:` address; the phone's own apps open it.
    Web {
        url: String,
    },
}

impl LinkTarget {
    /// The target of a Markdown link, if the phone may open it: the app's own ids (`article:`,
    /// `hotline:`, `service:`, `audio:`), a dialable `tel:` number, an `https:`/`http:` page or
    /// a plain `mailto:` address. Anything else (`javascript:`, `data:`, `file:`, `intent:`,
    /// `sms:`, `tel:*21*…#`, a malformed id) is None: the link's text stays, as plain text.
    pub fn parse(url: &str) -> Option<LinkTarget> {
        let url = url.trim();
        let (scheme, rest) = url.split_once(':')?;
        let id = || safety::content_id(rest.trim()).map(str::to_string);
        Some(match scheme {
            "article" => LinkTarget::Article { group: id()? },
            "hotline" => LinkTarget::Hotline { id: id()? },
            "service" => LinkTarget::Service { id: id()? },
            "tel" => LinkTarget::Tel {
                number: safety::dialable(rest)?,
            },
            "audio" => LinkTarget::Audio {
                sha256: safety::sha256_hex(rest.trim())?.to_string(),
            },
            "http" | "https" => LinkTarget::Web {
                url: safety::web_url(url)?.to_string(),
            },
            "mailto" => LinkTarget::Web {
                url: safety::mailto(url)?.to_string(),
            },
            _ => return None,
        })
    }
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub strong: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub emphasis: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<LinkTarget>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph {
        spans: Vec<Span>,
    },
    /// One list item. `number` is the item's number in an ordered list, 0 in a bulleted one;
    /// `depth` is 0 for top-level items.
    ListItem {
        number: u64,
        depth: u8,
        spans: Vec<Span>,
    },
    Callout {
        kind: CalloutKind,
        paragraphs: Vec<Vec<Span>>,
    },
    Quote {
        paragraphs: Vec<Vec<Span>>,
    },
    /// An image shipped as a signed attachment (`![alt](attachment:<sha256>)`): `src` is the
    /// attachment's sha256. Images are never fetched from the web: the app works offline and
    /// reading must not reveal itself. (Audio, `![title](audio:<sha256>)`, becomes a paragraph
    /// whose span links [`LinkTarget::Audio`]: shells show a play button.)
    Image {
        src: String,
        alt: String,
    },
    Rule,
}

/// `attachment:<sha256>` / `audio:<sha256>` → the hash, if it is one.
fn attachment_hash<'a>(url: &'a str, scheme: &str) -> Option<&'a str> {
    let (s, rest) = url.split_once(':')?;
    let hash = rest.trim();
    let is_hash = hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (s == scheme && is_hash).then_some(hash)
}

/// What an embedded image or audio reference becomes.
fn media_block(url: &str, text: String) -> Block {
    if let Some(sha256) = attachment_hash(url, "attachment") {
        return Block::Image {
            src: sha256.to_string(),
            alt: safety::line(&text),
        };
    }
    // Audio becomes a play link; anything else (a web image, a broken reference) keeps its
    // text, and a web address stays a link the reader may choose to open.
    let link = match attachment_hash(url, "audio") {
        Some(sha256) => Some(LinkTarget::Audio {
            sha256: sha256.to_string(),
        }),
        None => LinkTarget::parse(url).filter(|l| matches!(l, LinkTarget::Web { .. })),
    };
    Block::Paragraph {
        spans: vec![Span {
            text: safety::line(&text),
            strong: false,
            emphasis: false,
            link,
        }],
    }
}

/// Raw HTML with its tags (and comments) removed and its text kept: `<script>x</script> Keep
/// your card` → `x Keep your card`. A `<` that does not open a tag stays.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let end = if after.starts_with("<!--") {
            after.find("-->").map(|e| e + 3)
        } else if after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?')) {
            after.find('>').map(|e| e + 1)
        } else {
            None
        };
        match end {
            Some(end) => rest = &after[end..],
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The spans a block holds, to fold HTML-block text into an open list item or callout.
fn block_paragraphs(block: Block) -> Vec<Vec<Span>> {
    match block {
        Block::Heading { spans, .. } | Block::Paragraph { spans } | Block::ListItem { spans, .. } => vec![spans],
        Block::Callout { paragraphs, .. } | Block::Quote { paragraphs } => paragraphs,
        Block::Image { alt, .. } => vec![vec![Span {
            text: alt,
            strong: false,
            emphasis: false,
            link: None,
        }]],
        Block::Rule => Vec::new(),
    }
}

#[derive(Default)]
struct Style {
    strong: u32,
    emphasis: u32,
    link: Option<LinkTarget>,
}

/// Renders Markdown to blocks. Never fails: unknown constructs degrade to plain text.
pub fn render(markdown: &str) -> Vec<Block> {
    render_at(markdown, false)
}

/// `inside_html`: rendering the text of an HTML block whose tags were removed; an HTML block found
/// there (`<<b>b>` leaves `<b>`) is stripped again and kept as plain text, not rendered again, so
/// this recurses at most once.
fn render_at(markdown: &str, inside_html: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut style = Style::default();
    // Stack of open lists: next number (0 = bulleted).
    let mut lists: Vec<u64> = Vec::new();
    // Open callout/quote collecting paragraphs.
    let mut container: Option<(Option<CalloutKind>, Vec<Vec<Span>>)> = None;
    let mut image: Option<(String, String)> = None;
    // The raw text of an open HTML block.
    let mut html: Option<String> = None;

    let push_text = |spans: &mut Vec<Span>, style: &Style, text: &str| {
        let text = safety::clean_text(text);
        let text = text.as_ref();
        if text.is_empty() {
            return;
        }
        if let Some(last) = spans.last_mut() {
            if last.strong == (style.strong > 0) && last.emphasis == (style.emphasis > 0) && last.link == style.link {
                last.text.push_str(text);
                return;
            }
        }
        spans.push(Span {
            text: text.to_string(),
            strong: style.strong > 0,
            emphasis: style.emphasis > 0,
            link: style.link.clone(),
        });
    };

    for event in Parser::new_ext(markdown, Options::ENABLE_GFM | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Strong) => style.strong += 1,
            Event::End(TagEnd::Strong) => style.strong = style.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => style.emphasis += 1,
            Event::End(TagEnd::Emphasis) => style.emphasis = style.emphasis.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => style.link = LinkTarget::parse(&dest_url),
            Event::End(TagEnd::Link) => style.link = None,
            Event::Start(Tag::Image { dest_url, .. }) => image = Some((dest_url.to_string(), String::new())),
            Event::End(TagEnd::Image) => {
                if let Some((src, alt)) = image.take() {
                    flush_inline(&mut spans, &mut blocks, &mut container, &lists);
                    let block = media_block(&src, alt);
                    if !matches!(&block, Block::Paragraph { spans } if plain(spans).trim().is_empty()) {
                        blocks.push(block);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => match image.as_mut() {
                Some((_, alt)) => alt.push_str(&t),
                None => push_text(&mut spans, &style, &t),
            },
            Event::SoftBreak => push_text(&mut spans, &style, " "),
            Event::HardBreak => push_text(&mut spans, &style, "\n"),
            Event::Start(Tag::Heading { .. }) => spans.clear(),
            Event::End(TagEnd::Heading(level)) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                blocks.push(Block::Heading {
                    level,
                    spans: std::mem::take(&mut spans),
                });
            }
            Event::End(TagEnd::Paragraph) => flush_inline(&mut spans, &mut blocks, &mut container, &lists),
            Event::Start(Tag::List(start)) => {
                flush_inline(&mut spans, &mut blocks, &mut container, &lists);
                lists.push(start.unwrap_or(0));
            }
            Event::End(TagEnd::List(_)) => {
                flush_inline(&mut spans, &mut blocks, &mut container, &lists);
                lists.pop();
            }
            Event::Start(Tag::Item) => flush_inline(&mut spans, &mut blocks, &mut container, &lists),
            Event::End(TagEnd::Item) => {
                flush_inline(&mut spans, &mut blocks, &mut container, &lists);
                if let Some(n) = lists.last_mut() {
                    if *n > 0 {
                        *n += 1;
                    }
                }
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                let kind = kind.map(|k| match k {
                    BlockQuoteKind::Note => CalloutKind::Note,
                    BlockQuoteKind::Tip => CalloutKind::Tip,
                    BlockQuoteKind::Important => CalloutKind::Important,
                    BlockQuoteKind::Warning => CalloutKind::Warning,
                    BlockQuoteKind::Caution => CalloutKind::Caution,
                });
                container = Some((kind, Vec::new()));
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                flush_inline(&mut spans, &mut blocks, &mut container, &lists);
                if let Some((kind, paragraphs)) = container.take() {
                    blocks.push(match kind {
                        Some(kind) => Block::Callout { kind, paragraphs },
                        None => Block::Quote { paragraphs },
                    });
                }
            }
            Event::Rule => blocks.push(Block::Rule),
            // Raw HTML is not part of Safar's Markdown, but its text is the author's: an HTML
            // block (which swallows every line up to its end, e.g. a `<script>` opening a
            // paragraph) loses its tags and is rendered again as Markdown, so no paragraph
            // disappears. Inline tags are dropped and the text between them kept.
            Event::Start(Tag::HtmlBlock) => {
                flush_inline(&mut spans, &mut blocks, &mut container, &lists);
                html = Some(String::new());
            }
            Event::Html(raw) => match html.as_mut() {
                Some(collected) => collected.push_str(&raw),
                None => push_text(&mut spans, &style, &strip_tags(&raw)),
            },
            Event::End(TagEnd::HtmlBlock) => {
                let text = strip_tags(&html.take().unwrap_or_default());
                if inside_html {
                    push_text(&mut spans, &style, &text);
                    flush_inline(&mut spans, &mut blocks, &mut container, &lists);
                } else if container.is_none() && lists.is_empty() {
                    blocks.extend(render_at(&text, true));
                } else {
                    for paragraph in render_at(&text, true).into_iter().flat_map(block_paragraphs) {
                        spans = paragraph;
                        flush_inline(&mut spans, &mut blocks, &mut container, &lists);
                    }
                }
            }
            Event::InlineHtml(_) => {}
            Event::Start(Tag::CodeBlock(_)) => {}
            Event::End(TagEnd::CodeBlock) => flush_inline(&mut spans, &mut blocks, &mut container, &lists),
            // Footnotes, tables and the rest are not part of Safar's Markdown: their text (if
            // any) is kept as plain text above, the markup is dropped.
            _ => {}
        }
    }
    flush_inline(&mut spans, &mut blocks, &mut container, &lists);
    blocks
}

/// Ends the current run of spans: into the open callout, the open list item, or a paragraph.
fn flush_inline(
    spans: &mut Vec<Span>,
    blocks: &mut Vec<Block>,
    container: &mut Option<(Option<CalloutKind>, Vec<Vec<Span>>)>,
    lists: &[u64],
) {
    if spans.iter().all(|s| s.text.trim().is_empty()) {
        spans.clear();
        return;
    }
    if let Some(last) = spans.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
    }
    let taken = std::mem::take(spans);
    if let Some((_, paragraphs)) = container.as_mut() {
        paragraphs.push(taken);
    } else if let Some(&number) = lists.last() {
        blocks.push(Block::ListItem {
            number,
            depth: (lists.len() - 1).min(255) as u8,
            spans: taken,
        });
    } else {
        blocks.push(Block::Paragraph { spans: taken });
    }
}

/// Plain text of spans (for terminals, search snippets, accessibility).
pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// Plain text of a whole article, one block per line (what search indexes and quotes).
pub fn plain_text(blocks: &[Block]) -> String {
    let mut lines: Vec<String> = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Heading { spans, .. } | Block::Paragraph { spans } | Block::ListItem { spans, .. } => {
                lines.push(plain(spans))
            }
            Block::Callout { paragraphs, .. } | Block::Quote { paragraphs } => {
                lines.extend(paragraphs.iter().map(|p| plain(p)))
            }
            Block::Image { alt, .. } => lines.push(alt.clone()),
            Block::Rule => {}
        }
    }
    lines.retain(|l| !l.trim().is_empty());
    lines.join("\n")
}

/// Article groups the blocks link to, each once, in order of first appearance.
pub fn article_links(blocks: &[Block]) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    let mut note = |spans: &[Span]| {
        for span in spans {
            if let Some(LinkTarget::Article { group }) = &span.link {
                if !groups.contains(group) {
                    groups.push(group.clone());
                }
            }
        }
    };
    for block in blocks {
        match block {
            Block::Heading { spans, .. } | Block::Paragraph { spans } | Block::ListItem { spans, .. } => note(spans),
            Block::Callout { paragraphs, .. } | Block::Quote { paragraphs } => paragraphs.iter().for_each(|p| note(p)),
            Block::Image { .. } | Block::Rule => {}
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headings_lists_callouts_and_links() {
        let md = "## Steps\n\n1. Go **now**\n2. Call [help](hotline:ru-112)\n\n> [!WARNING]\n> Keep your *passport*.\n\nSee [contract](article:work-contract).";
        let blocks = render(md);
        assert!(matches!(&blocks[0], Block::Heading { level: 2, spans } if plain(spans) == "Steps"));
        assert!(
            matches!(&blocks[1], Block::ListItem { number: 1, depth: 0, spans } if spans[1].strong && spans[1].text == "now")
        );
        match &blocks[2] {
            Block::ListItem { number: 2, spans, .. } => {
                assert_eq!(spans[1].link, Some(LinkTarget::Hotline { id: "ru-112".into() }))
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(
            matches!(&blocks[3], Block::Callout { kind: CalloutKind::Warning, paragraphs } if plain(&paragraphs[0]) == "Keep your passport.")
        );
        match &blocks[4] {
            Block::Paragraph { spans } => {
                assert_eq!(
                    spans[1].link,
                    Some(LinkTarget::Article {
                        group: "work-contract".into()
                    })
                )
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn nested_lists_and_bullets() {
        let blocks = render("- a\n  - b\n- c");
        let items: Vec<(u64, u8, String)> = blocks
            .iter()
            .map(|b| match b {
                Block::ListItem { number, depth, spans } => (*number, *depth, plain(spans)),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(items, vec![(0, 0, "a".into()), (0, 1, "b".into()), (0, 0, "c".into())]);
    }

    #[test]
    fn images_and_audio_are_signed_attachments_only() {
        let sha = "ab".repeat(32);
        let md = format!(
            "![Map of the centre](attachment:{sha})\n\n![Listen](audio:{sha})\n\n![Remote](https://example.org/x.png)\n\n![bad](attachment:xyz)\n\n![](attachment:nothing)\n\n[Write](mailto:help@example.org)"
        );
        let blocks = render(&md);
        assert_eq!(
            blocks[0],
            Block::Image {
                src: sha.clone(),
                alt: "Map of the centre".into()
            }
        );
        let only_span = |b: &Block| match b {
            Block::Paragraph { spans } if spans.len() == 1 => spans[0].clone(),
            other => panic!("expected a one-span paragraph: {other:?}"),
        };
        let audio = only_span(&blocks[1]);
        assert_eq!(
            (audio.text.as_str(), audio.link),
            ("Listen", Some(LinkTarget::Audio { sha256: sha }))
        );
        let web = only_span(&blocks[2]);
        assert_eq!(web.text, "Remote");
        assert!(
            matches!(web.link, Some(LinkTarget::Web { .. })),
            "a web image is not fetched, it stays a link"
        );
        let bad = only_span(&blocks[3]);
        assert_eq!((bad.text.as_str(), bad.link), ("bad", None));
        let mail = only_span(&blocks[4]);
        assert_eq!(
            mail.link,
            Some(LinkTarget::Web {
                url: "mailto:help@example.org".into()
            })
        );
        assert_eq!(blocks.len(), 5, "an empty broken image leaves nothing: {blocks:?}");
    }

    #[test]
    fn article_links_are_listed_once_and_plain_text_reads_in_order() {
        let blocks = render(
            "## Title\n\nSee [a](article:known) and [b](article:gone).\n\n> [!TIP]\n> Also [c](article:known).\n\n- item",
        );
        assert_eq!(article_links(&blocks), vec!["known".to_string(), "gone".to_string()]);
        assert_eq!(plain_text(&blocks), "Title\nSee a and b.\nAlso c.\nitem");
    }

    fn links(blocks: &[Block]) -> Vec<(String, Option<LinkTarget>)> {
        let mut out = Vec::new();
        for block in blocks {
            for spans in block_paragraphs(block.clone()) {
                out.extend(spans.into_iter().map(|s| (s.text, s.link)));
            }
        }
        out
    }

    #[test]
    fn only_links_the_phone_may_open_stay_links() {
        let md = "[a](javascript:alert(1)) [b](data:text/html,x) [c](file:///etc/passwd) \
                  [d](intent://x#Intent;end) [e](sms:+992446000000) [f](tel:*21*123#) \
                  [g](tel:+992446000000p1) [h](tel:%2A21%2A) [i](https://bank.example@evil.example/) \
                  [j](mailto:a@example.org?body=x) [k](article:../x) [l](JAVASCRIPT:x) \
                  [m](tel:+7-495-000-00-00) [n](http://example.org/p) [o](hotline:ru-112)";
        let found: Vec<(String, Option<LinkTarget>)> = links(&render(md))
            .into_iter()
            .filter(|(_, link)| link.is_some())
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "m".to_string(),
                    Some(LinkTarget::Tel {
                        number: "+74950000000".into()
                    })
                ),
                (
                    "n".to_string(),
                    Some(LinkTarget::Web {
                        url: "http://example.org/p".into()
                    })
                ),
                ("o".to_string(), Some(LinkTarget::Hotline { id: "ru-112".into() })),
            ]
        );
        let text = plain_text(&render(md));
        for letter in ["a", "b", "f", "g", "i", "l"] {
            assert!(
                text.split_whitespace().any(|w| w == letter),
                "{letter} kept as text: {text}"
            );
        }
    }

    #[test]
    fn raw_html_loses_its_tags_never_the_paragraph() {
        let blocks = render(
            "Intro.\n\n<script>alert(1)</script> Keep your **migration card**.\nAnd the slip.\n\n<div onclick=\"x\">\nInside a div.\n</div>\n\nText <img src=x onerror=alert(1)> after.\n\n<script>\nnever closed\n\n## Still here",
        );
        let text = plain_text(&blocks);
        assert!(
            text.contains("Keep your migration card.") && text.contains("And the slip."),
            "{text}"
        );
        assert!(text.contains("Inside a div."), "{text}");
        assert!(text.contains("Text  after.") || text.contains("Text after."), "{text}");
        assert!(text.contains("never closed") && text.contains("Still here"), "{text}");
        assert!(!text.contains('<') && !text.contains("onerror"), "{text}");
        // Markdown after the tag still renders: the bold span survives.
        assert!(links(&blocks).iter().any(|(t, _)| t == "migration card"), "{blocks:?}");
        // Inside a list item the text joins the item.
        let list = render("- <b>bold</b> item\n- <script>x</script>\n  second");
        assert!(plain_text(&list).contains("item"), "{list:?}");
        assert_eq!(
            strip_tags("a < b and <<b>b> c <!-- note > x --> d"),
            "a < b and <b> c  d"
        );
    }

    #[test]
    fn text_loses_control_and_bidi_characters() {
        let blocks = render(
            "# Title\u{1b}[2J\u{202E}x\n\nBody\u{7}\u{0} text\u{9b}31m\n\n![alt\u{1b}](attachment:{})"
                .replace("{}", &"ab".repeat(32))
                .as_str(),
        );
        let text = plain_text(&blocks);
        assert_eq!(text, "Title[2Jx\nBody text31m\nalt");
    }

    #[test]
    fn hostile_markdown_never_panics() {
        for md in [
            "",
            "<script>x</script>",
            "> > > [!NOTE]\n> > deep",
            "[x](javascript:alert(1))",
            "![img](attachment:abc)",
            "|a|b|\n|-|-|\n|1|2|",
            "```\ncode\n```",
            "*",
            "1.\n2.",
        ] {
            let _ = render(md);
        }
        assert_eq!(
            render("[x](javascript:alert(1))"),
            vec![Block::Paragraph {
                spans: vec![Span {
                    text: "x".into(),
                    strong: false,
                    emphasis: false,
                    link: None
                }]
            }]
        );
    }
}
