//! Highlighting: which words of the original text a query matched, and a short window of the
//! text around the best matches. Works on the original text (never the folded form), folding
//! each word with the same function the index used.

use super::fold::{fold_word, word_ranges};
use serde::Serialize;

/// A folded query term; the last term of a query still being typed matches as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub folded: String,
    pub prefix: bool,
}

impl Term {
    fn matches(&self, folded_word: &str) -> bool {
        if self.prefix {
            folded_word.starts_with(&self.folded)
        } else {
            folded_word == self.folded
        }
    }
}

/// A run of original text; `matched` runs are the words the query found (shells show them bold).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnippetPart {
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub matched: bool,
}

/// The highlighted text of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted {
    pub parts: Vec<SnippetPart>,
    /// How many different query terms the shown text contains.
    pub terms_found: usize,
}

/// Words of `text` with the index of the term each matches.
fn matched_words(text: &str, terms: &[Term]) -> Vec<(usize, usize, Option<usize>)> {
    word_ranges(text)
        .into_iter()
        .map(|(s, e)| {
            let folded = fold_word(&text[s..e]);
            let term = terms.iter().position(|t| t.matches(&folded));
            (s, e, term)
        })
        .collect()
}

fn distinct_terms(words: &[(usize, usize, Option<usize>)]) -> usize {
    let mut seen: Vec<usize> = words.iter().filter_map(|w| w.2).collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// Collapses runs of whitespace (including line breaks between blocks) to one space.
fn push_plain(parts: &mut Vec<SnippetPart>, text: &str) {
    let mut clean = String::with_capacity(text.len());
    let mut last_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !last_space {
                clean.push(' ');
            }
            last_space = true;
        } else {
            clean.push(c);
            last_space = false;
        }
    }
    if clean.is_empty() {
        return;
    }
    match parts.last_mut() {
        Some(last) if !last.matched => last.text.push_str(&clean),
        _ => parts.push(SnippetPart {
            text: clean,
            matched: false,
        }),
    }
}

/// Highlights `text`, cut to at most `max_words` words around the best cluster of matches
/// ("…" marks a cut). The text loses control and bidi characters first ([`crate::safety`]):
/// snippets are shown as they are.
pub fn highlight(text: &str, terms: &[Term], max_words: usize) -> Highlighted {
    let text = crate::safety::clean_text(text);
    let text = text.as_ref();
    let words = matched_words(text, terms);
    let max_words = max_words.max(1);
    // Window start: a few words before the match that opens the window with the most
    // different terms (the earliest such window wins).
    const LEAD_IN: usize = 3;
    let mut start = 0;
    if words.len() > max_words {
        let mut best = 0;
        for (i, _) in words.iter().enumerate().filter(|(_, w)| w.2.is_some()) {
            let s = i.saturating_sub(LEAD_IN).min(words.len() - max_words);
            let found = distinct_terms(&words[s..s + max_words]);
            if found > best {
                best = found;
                start = s;
            }
        }
    }
    let end = (start + max_words).min(words.len());
    let shown = &words[start..end];
    let mut parts = Vec::new();
    if shown.is_empty() {
        push_plain(&mut parts, text.trim());
        return Highlighted { parts, terms_found: 0 };
    }
    if start > 0 {
        parts.push(SnippetPart {
            text: "… ".into(),
            matched: false,
        });
    }
    let mut cursor = if start == 0 { 0 } else { shown[0].0 };
    for &(s, e, term) in shown {
        if term.is_some() {
            push_plain(&mut parts, &text[cursor..s]);
            parts.push(SnippetPart {
                text: text[s..e].to_string(),
                matched: true,
            });
            cursor = e;
        }
    }
    let tail_end = if end == words.len() {
        text.len()
    } else {
        shown[shown.len() - 1].1
    };
    push_plain(&mut parts, &text[cursor..tail_end]);
    if end < words.len() {
        push_plain(&mut parts, " …");
    }
    // No leading or trailing blanks.
    if let Some(first) = parts.first_mut().filter(|p| !p.matched) {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = parts.last_mut().filter(|p| !p.matched) {
        last.text = last.text.trim_end().to_string();
    }
    parts.retain(|p| !p.text.is_empty());
    Highlighted {
        parts,
        terms_found: distinct_terms(shown),
    }
}

/// Plain text of highlighted parts.
pub fn parts_text(parts: &[SnippetPart]) -> String {
    parts.iter().map(|p| p.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(s: &str, prefix: bool) -> Term {
        Term {
            folded: fold_word(s),
            prefix,
        }
    }

    #[test]
    fn highlights_original_words_across_scripts() {
        let h = highlight("Ro‘yxatdan o‘tish: kelgan kundan 7 kun.", &[term("рўйхат", true)], 20);
        assert_eq!(
            h.parts,
            vec![
                SnippetPart {
                    text: "Ro‘yxatdan".into(),
                    matched: true
                },
                SnippetPart {
                    text: " o‘tish: kelgan kundan 7 kun.".into(),
                    matched: false
                },
            ]
        );
        assert_eq!(h.terms_found, 1);
    }

    #[test]
    fn cuts_a_window_around_the_best_cluster() {
        let text = "one two three four five six seven eight patent nine ten eleven twelve registration";
        let h = highlight(text, &[term("patent", false), term("registration", false)], 8);
        let shown = parts_text(&h.parts);
        assert!(shown.starts_with("… seven eight patent"), "{shown}");
        assert!(shown.ends_with("twelve registration"), "{shown}");
        assert_eq!(h.terms_found, 2);
        assert_eq!(h.parts.iter().filter(|p| p.matched).count(), 2);
    }

    #[test]
    fn snippets_never_carry_control_or_bidi_characters() {
        let h = highlight("Help\u{1b}[2J line \u{202E}enil", &[term("help", false)], 10);
        let shown = parts_text(&h.parts);
        assert_eq!(shown, "Help[2J line enil");
        assert!(h.parts[0].matched);
    }

    #[test]
    fn no_match_shows_the_start() {
        let h = highlight("alpha beta\n\ngamma delta", &[term("zeta", false)], 3);
        assert_eq!(parts_text(&h.parts), "alpha beta gamma …");
        assert_eq!(h.terms_found, 0);
        assert!(highlight("", &[], 5).parts.is_empty());
    }
}
