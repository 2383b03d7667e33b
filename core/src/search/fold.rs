//! Folding: one function turns a word into the form the search index stores, used alike for the
//! content (when it is indexed) and for the query (when it is typed), so two spellings match
//! exactly when they fold to the same form.
//!
//! The folded form is a Latin "skeleton" — never shown to anyone. It is deliberately lossy so
//! that the ways people really type on a phone meet:
//!
//! * **Uzbek in either script.** Cyrillic is transliterated with the Uzbek rules (ш→sh, ч→ch,
//!   ж→j, х→x, ц→ts, ю→yu, я→ya, ў→o‘, ғ→g‘, қ→q, ҳ→h), and the few places where the two
//!   alphabets are not one-to-one are collapsed: the o‘/g‘ and tutuq (ъ, ʼ) apostrophes are
//!   dropped in every variant (' ‘ ’ ʻ ʼ ` ´), and `ye`/`yo`/`yo‘` (and Cyrillic йе/йо/йў) are
//!   `e` like Cyrillic е and ё (which Latin writes `ye`/`yo` at the start of a word). So
//!   `рўйхат` = `ro'yxat` = `ro‘yxat` = `royxat`, `ёрдам` = `yordam`, `йўқ` = `yo‘q` = `yoq`.
//! * **Russian ё = е** (most people type е).
//! * **Russian keyboards.** Tajik, Kazakh and Kyrgyz letters missing from a Russian keyboard fold
//!   to the letter people type instead: ӣ→и, ӯ→у, ҷ→ч, ә→а, ө→о, ү/ұ→у, і→и, ң→н; and
//!   қ/к, ҳ/х/һ, q/k and h/x are the same, so `хукук` finds `ҳуқуқ` and `huquq`.
//! * **Diacritics** are removed (é→e, ü→u); Turkic Latin letters take their Cyrillic sound
//!   (ş→sh, ç→ch, ž→j, ý→y, ň→n, ı→i) so Turkmen Latin meets Cyrillic too.
//!
//! Changing these rules changes what is in the index: bump [`FOLD_VERSION`] and every phone
//! rebuilds its index on the next start.

/// Version of the folding rules; stored with the index (see `search::ensure_index`).
pub const FOLD_VERSION: u32 = 1;

/// Apostrophe-like characters used inside Uzbek words (o‘, g‘, tutuq belgisi) and as typed.
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`' | '\u{00B4}' | '\u{02B9}' | '\u{02BB}' | '\u{02BC}' | '\u{02BD}' | '\u{2018}' | '\u{2019}'
    )
}

/// Combining diacritical marks (a decomposed é is e + U+0301).
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `text` as byte ranges. A word is a run of letters, digits and combining marks;
/// an apostrophe between two letters belongs to the word (`o‘zbek`, `ma'lumot`), elsewhere it
/// is a quotation mark.
pub fn word_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        let next_is_word = chars.peek().is_some_and(|&(_, n)| is_word_char(n));
        if is_apostrophe(c) && start.is_some() && next_is_word {
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, i));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Cyrillic (lower case) → Latin, Uzbek rules first, other letters to what a Russian keyboard
/// types for them (ҷ is typed ч, ң is typed н).
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' | 'ґ' | 'ѓ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' | 'є' => "e",
        'ж' | 'ј' => "j",
        'з' => "z",
        'и' | 'ӣ' | 'і' | 'ї' | 'ы' => "i",
        'й' => "y",
        'к' | 'қ' | 'ќ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ў' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ӯ' | 'ү' | 'ұ' => "u",
        'ф' => "f",
        'х' | 'ҳ' | 'һ' => "x",
        'ц' => "ts",
        'ч' | 'ҷ' => "ch",
        'ш' | 'щ' => "sh",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Latin letters with diacritics (lower case) → their base letter, or the Cyrillic sound they
/// stand for in Turkic alphabets.
fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ə' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "ch",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ġ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ş' | 'ś' | 'š' | 'ș' => "sh",
        'ß' => "ss",
        'ţ' | 'ť' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ž' | 'ź' | 'ż' => "j",
        _ => return None,
    })
}

/// Folds one word (as cut by [`word_ranges`]) to its index form.
///
/// Every rule looks at one letter of the original word, or at a pair of Latin letters, never at
/// the output: so a word's prefix folds to a prefix of the folded word, and a word still being
/// typed finds its completions (`ҳуқуқ` finds `ҳуқуқҳо`).
pub fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut push = |s: &str| {
        out.extend(s.chars().map(|c| match c {
            'q' => 'k',
            'h' => 'x',
            other => other,
        }))
    };
    let lower: Vec<char> = word
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|&c| !is_apostrophe(c) && !is_combining_mark(c))
        .collect();
    let mut i = 0;
    while i < lower.len() {
        let c = lower[i];
        let pair = match (c, lower.get(i + 1)) {
            // Uzbek Latin ye/yo are Cyrillic е/ё, but yo‘ is йў: one form for all of them, so
            // `yo‘l` = `yol` = `йўл` and `yordam` = `ёрдам`.
            ('y' | 'й', Some('e' | 'o' | 'е' | 'о' | 'э' | 'ў')) => Some("e"),
            ('k', Some('h')) => Some("x"),
            ('z', Some('h')) => Some("j"),
            _ => None,
        };
        if let Some(p) = pair {
            push(p);
            i += 2;
            continue;
        }
        match cyrillic(c).or_else(|| latin(c)) {
            Some(s) => push(s),
            None => push(c.encode_utf8(&mut [0; 4])),
        }
        i += 1;
    }
    out
}

/// Folds every word of `text` and joins them with spaces: what the index stores for a field.
pub fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (s, e) in word_ranges(text) {
        let folded = fold_word(&text[s..e]);
        if folded.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&folded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(fold_text(a), fold_text(b), "{a} and {b} should fold alike");
    }

    #[test]
    fn uzbek_cyrillic_and_latin_meet() {
        same("рўйхат", "ro'yxat");
        same("Рўйхатдан ўтиш", "Ro‘yxatdan o‘tish");
        same("ro`yxat", "roʻyxat");
        same("royxat", "ro’yxat");
        same("ёрдам", "yordam");
        same("ер", "yer");
        same("маълумот", "ma'lumot");
        same("Ғалаба", "G‘alaba");
        same("шартнома", "shartnoma");
        same("чет эл", "chet el");
        same("қўл", "qo'l");
        same("ҳужжат", "hujjat");
        same("Тошкент", "Toshkent");
        same("поезд", "poyezd");
        same("йўл", "yo'l");
        same("йўқ", "yo‘q");
        same("йўқ", "yoq");
        same("район", "rayon");
        same("патент", "patent");
        same("ПАТЕНТ", "Patent");
    }

    #[test]
    fn russian_yo_is_ye() {
        same("учёт", "учет");
        same("Туберкулёз", "туберкулез");
        same("ещё", "еще");
    }

    #[test]
    fn tajik_kazakh_kyrgyz_letters_fold_to_what_a_russian_keyboard_types() {
        same("ҳуқуқ", "хукук");
        same("ҳуқуқ", "huquq");
        same("Тоҷикистон", "Точикистон");
        same("муҳоҷир", "мухочир");
        same("ӯ ӣ", "у и");
        same("өзүңүз", "озунуз");
        same("Қазақстан", "Казакстан");
        same("әйел", "айел");
        same("ұлт", "улт");
        same("біз", "биз");
        same("һәм", "хам");
    }

    #[test]
    fn diacritics_and_turkic_latin() {
        same("café", "cafe");
        same("cafe\u{301}", "cafe");
        same("Türkmençe", "туркменче");
        same("işçi", "ishchi");
        same("Khujand", "Хужанд");
    }

    #[test]
    fn a_prefix_folds_to_a_prefix() {
        for (prefix, word) in [
            ("ҳуқуқ", "ҳуқуқҳо"),
            ("рӯз", "рӯзҳо"),
            ("рўй", "рўйхат"),
            ("ro'y", "ro‘yxatdan"),
            ("patent", "патентга"),
            ("туберкул", "туберкулёз"),
        ] {
            assert!(
                fold_word(word).starts_with(&fold_word(prefix)),
                "{prefix} → {} is not a prefix of {word} → {}",
                fold_word(prefix),
                fold_word(word)
            );
        }
    }

    #[test]
    fn words_keep_inner_apostrophes_only() {
        let text = "'Ro‘yxat' va ma'lumot, 'quoted'";
        let words: Vec<&str> = word_ranges(text).into_iter().map(|(s, e)| &text[s..e]).collect();
        assert_eq!(words, vec!["Ro‘yxat", "va", "ma'lumot", "quoted"]);
        assert_eq!(fold_text("\"*()NEAR( ' ‘’ —"), "near");
        assert_eq!(fold_text(""), "");
    }

    #[test]
    fn folded_words_are_single_tokens() {
        for word in ["o‘zbek", "ёрдам", "İstanbul", "ŞÇ", "ᾅ", "서울", "x²"] {
            let f = fold_word(word);
            assert!(!f.contains(char::is_whitespace), "{word} → {f:?}");
            assert!(!f.contains('"'), "{word} → {f:?}");
        }
    }
}
