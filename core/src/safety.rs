//! What the phone checks itself before it shows or acts on content, whatever the publisher's lint
//! let through (a signed record is trusted to come from the publisher, not to be harmless):
//!
//! * text loses control characters (C0 except line breaks and tabs where text has lines, DEL,
//!   C1) and the invisible characters that reorder text (bidi embeddings, overrides, isolates and
//!   marks), so a name cannot rewrite a terminal or show `gpj.exe` as `exe.jpg`;
//! * a number becomes a `tel:` URI only when it is a plain dialable number: digits with an
//!   optional leading `+`, of a length plausible for its country ([`PhoneNumber::parse`]) — never
//!   `*`, `#`, `,`, pauses or letters, which turn a call into a USSD or call-forwarding code;
//! * links open only `https:`/`http:` pages, `mailto:` addresses, dialable `tel:` numbers and the
//!   app's own ids (see [`crate::render::LinkTarget::parse`]).
//!
//! Views are built through these functions once, in the core, so every shell (CLI, Android, iOS)
//! gets the same clean text.

use crate::model::PhoneNumber;
use std::borrow::Cow;

/// Characters that change how text around them is ordered or shown without being seen:
/// LRM, RLM, ALM, the embeddings and overrides U+202A–202E and the isolates U+2066–2069.
/// Safar's languages are all written left to right, so nothing legitimate is lost.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// C0 (ESC, NUL, BEL, CR…), DEL and C1 (U+0080–U+009F, which some terminals obey like ESC).
fn is_control(c: char) -> bool {
    c.is_control()
}

fn clean(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_bidi_control(c) || (is_control(c) && !(keep_lines && matches!(c, '\n' | '\t')));
    if !text
        .chars()
        .any(|c| unsafe_char(c) || (!keep_lines && matches!(c, '\n' | '\t')))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // One-line text: a line break or tab separates words, so it becomes a space.
            '\n' | '\t' | '\r' if !keep_lines => {
                if !out.ends_with(' ') {
                    out.push(' ')
                }
            }
            c if unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text with lines (article bodies, details): keeps `\n` and `\t`, drops every other control
/// and bidi character.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    clean(text, true)
}

/// One-line text (names, titles, addresses, ids): line breaks and tabs become spaces, controls
/// and bidi characters are dropped.
pub fn clean_line(text: &str) -> Cow<'_, str> {
    clean(text, false)
}

/// [`clean_line`] as an owned string, for view fields.
pub fn line(text: &str) -> String {
    clean_line(text).into_owned()
}

/// The number to dial, normalised (`+992446000000`, `112`), when `text` is a plain dialable
/// number: a leading `+` and digits, optionally with the visual separators ` -().`, and a length
/// plausible for the country (E.164 at most 15 digits; national short codes of 3–6 digits such
/// as 112 or 103). Anything else — `*`, `#`, `,`, `;`, pauses `p`/`w`, letters, `%`-escapes,
/// controls — is not dialable: the dialler would run it as a code.
pub fn dialable(text: &str) -> Option<String> {
    let allowed =
        |(i, c): (usize, char)| c.is_ascii_digit() || (c == '+' && i == 0) || matches!(c, ' ' | '-' | '(' | ')' | '.');
    if text.is_empty() || text.len() > 40 || !text.chars().enumerate().all(allowed) {
        return None;
    }
    PhoneNumber::parse(text).ok().map(|p| p.number)
}

/// `tel:<number>` for a dialable number, else None (shells then show the number without a call
/// button).
pub fn tel_uri(text: &str) -> Option<String> {
    dialable(text).map(|n| format!("tel:{n}"))
}

/// The same digits, ignoring how they are written (`+992 44 600-00-00` and `+992446000000`).
fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// What a number is shown as: its display form when that is the same number, else the number
/// itself — a label must never read as one number while the button dials another.
pub fn number_display(number: &str, display: &str) -> String {
    let display = clean_line(display);
    let shown = display.trim();
    if !shown.is_empty() && digits(shown) == digits(number) && !digits(number).is_empty() {
        shown.to_string()
    } else {
        line(number).trim().to_string()
    }
}

/// An `http(s)://` address that is safe to hand to a browser: a host, no spaces, controls, bidi
/// characters or user-info (`https://bank.example@evil.example/` shows one host and opens
/// another). Returns it unchanged, or None.
pub fn web_url(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    if url.len() > 2000
        || url
            .chars()
            .any(|c| c.is_whitespace() || is_control(c) || is_bidi_control(c))
    {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !authority.is_empty()
        && !authority.contains('@')
        && authority
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    host_ok.then_some(url)
}

/// A plain e-mail address (`help@example.org`). Returns it unchanged, or None.
pub fn email(address: &str) -> Option<&str> {
    let (local, domain) = address.split_once('@')?;
    let part_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
    };
    (part_ok(local) && part_ok(domain) && domain.contains('.')).then_some(address)
}

/// A plain `mailto:` address (`mailto:help@example.org`), no headers or body (`?body=…` can
/// prefill a message the reader did not write). Returns it unchanged, or None.
pub fn mailto(url: &str) -> Option<&str> {
    email(url.strip_prefix("mailto:")?).map(|_| url)
}

/// An in-app id (`registration-ru`, `ru-emergency`, `registration-ru.tg`): letters, digits,
/// `-`, `_`, `.`. Returns it unchanged, or None.
pub fn content_id(id: &str) -> Option<&str> {
    let ok = !id.is_empty()
        && id.len() <= 200
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    ok.then_some(id)
}

/// A sha256 in lower-case hex. Returns it unchanged, or None.
pub fn sha256_hex(hash: &str) -> Option<&str> {
    (hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))).then_some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_loses_controls_and_bidi_but_keeps_its_words() {
        assert_eq!(
            clean_line("Help\u{1b}[2J\u{1b}]0;pwned\u{7} line"),
            "Help[2J]0;pwned line"
        );
        assert_eq!(clean_line("abc\u{202E}gpj.exe\u{2066}x\u{2069}"), "abcgpj.exex");
        assert_eq!(clean_line("a\u{0}b\u{7f}c\u{9b}d\u{200f}e\u{61c}f"), "abcdef");
        assert_eq!(clean_line("two\nlines\r\n\tand tab"), "two lines and tab");
        assert_eq!(clean_text("two\nlines\r\n\tkept\u{1b}"), "two\nlines\n\tkept");
        // Letters of every script Safar shows stay, and clean text is not copied.
        let fine = "Тоҷикӣ O‘zbekcha Ўзбекча Қазақша Türkmençe — 24/7";
        assert!(matches!(clean_line(fine), Cow::Borrowed(_)));
        assert_eq!(clean_line(fine), fine);
    }

    #[test]
    fn only_plain_numbers_are_dialable() {
        assert_eq!(dialable("+992446000000").as_deref(), Some("+992446000000"));
        assert_eq!(dialable("+7 (800) 000-00-01").as_deref(), Some("+78000000001"));
        assert_eq!(dialable("112").as_deref(), Some("112"));
        assert_eq!(dialable("103").as_deref(), Some("103"));
        assert_eq!(tel_uri("+992 44 600 0000").as_deref(), Some("tel:+992446000000"));
        for bad in [
            "*21*+992000000099#\u{0}\u{7}",
            "*21*123#",
            "#31#+992446000000",
            "+992446000000,1234",
            "+992446000000;ext=1",
            "+992446000000p123",
            "+992446000000w",
            "+99244600000O",
            "%2A21%2A123%23",
            "+992446000000\u{202E}",
            "+1234567890123456",
            "+992 44 600 00001",
            "12",
            "",
            "++992446000000",
        ] {
            assert_eq!(dialable(bad), None, "{bad:?} must not be dialable");
        }
    }

    #[test]
    fn a_label_never_shows_another_number_than_the_one_dialled() {
        assert_eq!(number_display("+992446000000", "+992 44 600 0000"), "+992 44 600 0000");
        assert_eq!(number_display("+992446000000", "+992 44 600 0001"), "+992446000000");
        assert_eq!(number_display("*21*1#\u{7}", "Call us\u{1b}[31m"), "*21*1#");
    }

    #[test]
    fn links_are_checked_before_anything_opens_them() {
        assert!(web_url("https://example.org/a?b=c#d").is_some());
        assert!(web_url("http://example.org").is_some());
        for bad in [
            "https://bank.example@evil.example/",
            "https://",
            "https://exa mple.org",
            "https://example.org/\u{202E}",
            "javascript:alert(1)",
            "ftp://example.org",
        ] {
            assert_eq!(web_url(bad), None, "{bad}");
        }
        assert!(mailto("mailto:help@example.org").is_some());
        assert_eq!(mailto("mailto:help@example.org?body=send%20money"), None);
        assert_eq!(content_id("registration-ru.tg"), Some("registration-ru.tg"));
        assert_eq!(content_id("../x"), None);
        assert_eq!(content_id("a b"), None);
        assert!(sha256_hex(&"ab".repeat(32)).is_some());
        assert!(sha256_hex("xyz").is_none());
    }
}
