//! A synthetic national-scale content source, written in the publisher's source format so it goes
//! through the real `safar publish build`: articles in 7 languages (Cyrillic and Latin scripts),
//! hotlines, services with coordinates and remittance quotes. Deterministic (fixed seed), all
//! marked sample.

use chrono::{NaiveDate, Utc};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

#[derive(Clone, Copy, Debug)]
pub struct Scale {
    /// Article groups; each has one translation per language in `LANGS`.
    pub groups: usize,
    pub words_per_article: usize,
    pub hotlines: usize,
    pub services: usize,
    pub quotes: usize,
}

impl Scale {
    /// 1,429 groups × 7 languages = 10,003 articles.
    pub const NATIONAL: Scale = Scale {
        groups: 1429,
        words_per_article: 500,
        hotlines: 5_000,
        services: 50_000,
        quotes: 5_000,
    };
    pub const SMOKE: Scale = Scale {
        groups: 30,
        words_per_article: 120,
        hotlines: 50,
        services: 300,
        quotes: 60,
    };
    pub fn articles(&self) -> usize {
        self.groups * LANGS.len()
    }
}

pub const LANGS: [&str; 7] = ["ru", "en", "tg", "uz", "uz-Cyrl", "ky", "kk"];

/// Small vocabularies per language, so queries can be drawn from the same words.
pub fn vocabulary(lang: &str) -> &'static [&'static str] {
    match lang {
        "ru" => &[
            "регистрация",
            "патент",
            "работа",
            "договор",
            "зарплата",
            "паспорт",
            "миграционная",
            "карта",
            "полиция",
            "больница",
            "врач",
            "туберкулёз",
            "помощь",
            "права",
            "работодатель",
            "общежитие",
            "налог",
            "штраф",
            "срок",
            "документы",
            "перевод",
            "деньги",
            "семья",
            "возвращение",
            "консульство",
            "адвокат",
            "жалоба",
            "медицинский",
            "страховка",
            "экзамен",
            "язык",
            "обучение",
            "торговля",
            "людьми",
            "насилие",
            "безопасность",
            "горячая",
            "линия",
            "бесплатно",
            "адрес",
        ],
        "en" => &[
            "registration",
            "patent",
            "work",
            "contract",
            "salary",
            "passport",
            "migration",
            "card",
            "police",
            "hospital",
            "doctor",
            "tuberculosis",
            "help",
            "rights",
            "employer",
            "dormitory",
            "tax",
            "fine",
            "deadline",
            "documents",
            "transfer",
            "money",
            "family",
            "return",
            "consulate",
            "lawyer",
            "complaint",
            "medical",
            "insurance",
            "exam",
            "language",
            "training",
            "trafficking",
            "violence",
            "safety",
            "hotline",
            "free",
            "address",
            "wages",
            "visa",
        ],
        "tg" => &[
            "бақайдгирӣ",
            "патент",
            "кор",
            "шартнома",
            "музд",
            "шиноснома",
            "муҳоҷират",
            "корт",
            "милиса",
            "беморхона",
            "духтур",
            "сил",
            "кӯмак",
            "ҳуқуқ",
            "корфармо",
            "хобгоҳ",
            "андоз",
            "ҷарима",
            "мӯҳлат",
            "ҳуҷҷатҳо",
            "интиқол",
            "пул",
            "оила",
            "бозгашт",
            "консулгарӣ",
            "ҳимоятгар",
            "шикоят",
            "тиббӣ",
            "суғурта",
            "имтиҳон",
            "забон",
            "омӯзиш",
            "хатар",
            "зӯроварӣ",
            "бехатарӣ",
            "ройгон",
            "суроға",
        ],
        "uz" => &[
            "roʻyxatdan",
            "patent",
            "ish",
            "shartnoma",
            "maosh",
            "pasport",
            "migratsiya",
            "karta",
            "politsiya",
            "kasalxona",
            "shifokor",
            "sil",
            "yordam",
            "huquq",
            "ish beruvchi",
            "yotoqxona",
            "soliq",
            "jarima",
            "muddat",
            "hujjatlar",
            "pul",
            "oila",
            "qaytish",
            "konsullik",
            "advokat",
            "shikoyat",
            "tibbiy",
            "sugʻurta",
            "imtihon",
            "til",
            "oʻqish",
            "xavfsizlik",
            "bepul",
            "manzil",
            "Fargʻona",
            "Toshkent",
        ],
        "uz-Cyrl" => &[
            "рўйхатдан",
            "патент",
            "иш",
            "шартнома",
            "маош",
            "паспорт",
            "миграция",
            "карта",
            "полиция",
            "касалхона",
            "шифокор",
            "сил",
            "ёрдам",
            "ҳуқуқ",
            "ётоқхона",
            "солиқ",
            "жарима",
            "муддат",
            "ҳужжатлар",
            "пул",
            "оила",
            "қайтиш",
            "консуллик",
            "адвокат",
            "шикоят",
            "тиббий",
            "суғурта",
            "имтиҳон",
            "тил",
            "ўқиш",
            "хавфсизлик",
            "бепул",
            "манзил",
            "Фарғона",
            "Тошкент",
        ],
        "ky" => &[
            "каттоо",
            "патент",
            "жумуш",
            "келишим",
            "айлык",
            "паспорт",
            "миграция",
            "карта",
            "милиция",
            "оорукана",
            "дарыгер",
            "кургак",
            "учук",
            "жардам",
            "укук",
            "иш",
            "берүүчү",
            "жатакана",
            "салык",
            "айып",
            "мөөнөт",
            "документтер",
            "акча",
            "үй-бүлө",
            "кайтуу",
            "консулдук",
            "жактоочу",
            "арыз",
            "медициналык",
            "камсыздандыруу",
            "сынак",
            "тил",
            "окуу",
            "коопсуздук",
            "акысыз",
            "дарек",
        ],
        _ => &[
            "тіркеу",
            "патент",
            "жұмыс",
            "шарт",
            "жалақы",
            "төлқұжат",
            "көші-қон",
            "карта",
            "полиция",
            "аурухана",
            "дәрігер",
            "туберкулез",
            "көмек",
            "құқық",
            "жұмыс",
            "беруші",
            "жатақхана",
            "салық",
            "айыппұл",
            "мерзім",
            "құжаттар",
            "ақша",
            "отбасы",
            "қайту",
            "консулдық",
            "адвокат",
            "шағым",
            "медициналық",
            "сақтандыру",
            "емтихан",
            "тіл",
            "оқу",
            "қауіпсіздік",
            "тегін",
            "мекенжай",
        ],
    }
}

/// xorshift64*: deterministic, no dependency.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// A fraction in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn sentence(rng: &mut Rng, lang: &str, words: usize) -> String {
    let vocab = vocabulary(lang);
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        let w = rng.pick(vocab);
        if i == 0 {
            let mut chars = w.chars();
            if let Some(first) = chars.next() {
                s.extend(first.to_uppercase());
                s.push_str(chars.as_str());
            }
        } else {
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// One translation: front matter, then ~`words` words of Markdown with headings, lists, a callout.
pub fn article_markdown(rng: &mut Rng, lang: &str, group: usize, words: usize, revision: u32) -> String {
    let mut md = String::with_capacity(words * 12);
    let title = sentence(rng, lang, 4);
    let title = title.trim_end_matches('.');
    let _ = writeln!(md, "+++");
    let _ = writeln!(md, "title = \"{title} {group}\"");
    let _ = writeln!(md, "summary = \"{}\"", sentence(rng, lang, 14));
    let _ = writeln!(
        md,
        "source = \"Synthetic benchmark content (SAMPLE), revision {revision}\""
    );
    let _ = writeln!(md, "reviewed_at = 2026-11-01");
    let _ = writeln!(md, "+++");
    let mut written = 0;
    let mut section = 0;
    while written < words {
        section += 1;
        let _ = writeln!(md, "## {}\n", sentence(rng, lang, 3).trim_end_matches('.'));
        let n = 40.min(words - written).max(1);
        let _ = writeln!(md, "{}\n", sentence(rng, lang, n));
        written += n + 3;
        if section % 2 == 0 {
            for _ in 0..3 {
                let _ = writeln!(md, "- **{}** {}", rng.pick(vocabulary(lang)), sentence(rng, lang, 8));
                written += 9;
            }
            md.push('\n');
        }
        if section % 3 == 0 {
            let _ = writeln!(md, "> [!WARNING]\n> {}\n", sentence(rng, lang, 12));
            written += 12;
        }
    }
    let _ = writeln!(md, "Help: [hotline](hotline:hl-{:05}).", group % 97);
    md
}

fn article_dir(src: &Path, group: usize) -> std::path::PathBuf {
    src.join("articles").join(format!("g{group:05}"))
}

const TOPICS: [&str; 11] = [
    "rights",
    "work",
    "documents",
    "registration",
    "health",
    "tb_hiv",
    "trafficking",
    "gbv",
    "money",
    "return",
    "before_departure",
];
const COUNTRIES: [(&str, &str, f64, f64); 5] = [
    ("TJ", "Asia/Dushanbe", 38.56, 68.77),
    ("UZ", "Asia/Tashkent", 41.31, 69.24),
    ("KG", "Asia/Bishkek", 42.87, 74.59),
    ("KZ", "Asia/Almaty", 43.24, 76.89),
    ("RU", "Europe/Moscow", 55.75, 37.62),
];

/// Writes the whole source folder.
pub fn write_source(src: &Path, scale: Scale, seed: u64) -> io::Result<()> {
    fs::create_dir_all(src.join("articles"))?;
    fs::write(
        src.join("safar.toml"),
        r#"[repository]
name = "Safar synthetic national-scale benchmark content (SAMPLE)"
sample = true
stale_after_days = 180

[languages]
supported = ["ru", "en", "tg", "uz", "uz-Cyrl", "ky", "kk"]
required = ["ru", "en"]
core_required_any = ["tg", "uz", "ky"]

[remittance]
stale_after_days = 30
"#,
    )?;
    let mut rng = Rng::new(seed);
    for g in 0..scale.groups {
        let dir = article_dir(src, g);
        fs::create_dir_all(&dir)?;
        let origins = ["TJ", "UZ", "KG"];
        fs::write(
            dir.join("article.toml"),
            format!(
                "topic = \"{}\"\norigins = [\"{}\"]\ndestinations = [\"{}\"]\ncore = {}\norder = {}\n",
                TOPICS[g % TOPICS.len()],
                origins[g % 3],
                if g % 2 == 0 { "RU" } else { "KZ" },
                g % 50 == 0,
                g % 100
            ),
        )?;
        for lang in LANGS {
            fs::write(
                dir.join(format!("{lang}.md")),
                article_markdown(&mut rng, lang, g, scale.words_per_article, 1),
            )?;
        }
    }
    write_hotlines(src, scale, &mut rng)?;
    write_services(src, scale, &mut rng)?;
    write_quotes(src, scale, &mut rng)?;
    Ok(())
}

/// Rewrites the bodies of every `step`-th article translation (a new revision), for the delta.
/// Returns how many translations changed.
pub fn change_articles(src: &Path, scale: Scale, percent: usize, seed: u64) -> io::Result<usize> {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let total = scale.articles();
    let wanted = (total * percent).div_ceil(100);
    let step = (total / wanted).max(1);
    let mut changed = 0;
    for i in (0..total).step_by(step).take(wanted) {
        let (g, lang) = (i / LANGS.len(), LANGS[i % LANGS.len()]);
        let file = article_dir(src, g).join(format!("{lang}.md"));
        fs::write(file, article_markdown(&mut rng, lang, g, scale.words_per_article, 2))?;
        changed += 1;
    }
    Ok(changed)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_hotlines(src: &Path, scale: Scale, rng: &mut Rng) -> io::Result<()> {
    let mut out = BufWriter::new(fs::File::create(src.join("hotlines.csv"))?);
    writeln!(
        out,
        "id,country,name_en,name_ru,name_tg,categories,numbers,messengers,hours,timezone,closed_on,languages,source,verified_at,status"
    )?;
    let cats = [
        "emergency",
        "trafficking",
        "gbv",
        "health",
        "labour_rights",
        "consular",
        "migration_service",
        "legal_aid",
    ];
    for i in 0..scale.hotlines {
        let (cc, tz, _, _) = COUNTRIES[i % COUNTRIES.len()];
        let hours = if i % 4 == 0 {
            "24/7"
        } else {
            "Mo-Fr 09:00-18:00;Sa 10:00-14:00"
        };
        writeln!(
            out,
            "hl-{i:05},{cc},{},{},{},{};{},+992 00 {:03} {:04} free,,{hours},{tz},,ru;tg,Synthetic benchmark data (SAMPLE),2026-11-01,sample",
            csv_field(&format!("{} line {i} (SAMPLE)", rng.pick(vocabulary("en")))),
            csv_field(&format!("Линия {} {i} (ОБРАЗЕЦ)", rng.pick(vocabulary("ru")))),
            csv_field(&format!("Хати {} {i} (НАМУНА)", rng.pick(vocabulary("tg")))),
            cats[i % cats.len()],
            cats[(i / 8) % cats.len()],
            i % 1000,
            i % 10000,
        )?;
    }
    out.flush()
}

fn write_services(src: &Path, scale: Scale, rng: &mut Rng) -> io::Result<()> {
    let mut out = BufWriter::new(fs::File::create(src.join("services.csv"))?);
    writeln!(
        out,
        "id,country,region,district,organisation_en,organisation_ru,organisation_tg,categories,address,lat,lon,phones,email,website,hours,timezone,eligibility_en,eligibility_ru,cost,languages,source,verified_at,status"
    )?;
    let cats = [
        "employment",
        "training",
        "psychosocial",
        "legal_aid",
        "health",
        "tb_hiv_care",
        "grants",
        "shelter",
    ];
    let costs = ["free", "paid", "sliding"];
    for i in 0..scale.services {
        let (cc, tz, lat, lon) = COUNTRIES[i % COUNTRIES.len()];
        // Spread over a few degrees around the country's main city.
        let lat = lat + (rng.unit() - 0.5) * 4.0;
        let lon = lon + (rng.unit() - 0.5) * 6.0;
        writeln!(
            out,
            "sv-{i:06},{cc},Region {},District {},{},{},{},{};{},{},{lat:.5},{lon:.5},+992 00 {:03} {:04},,,Mo-Fr 08:00-17:00,{tz},{},{},{},tg;ru,Synthetic benchmark data (SAMPLE),2026-11-01,sample",
            i % 40,
            i % 300,
            csv_field(&format!("{} centre {i} (SAMPLE)", rng.pick(vocabulary("en")))),
            csv_field(&format!("Центр {} {i} (ОБРАЗЕЦ)", rng.pick(vocabulary("ru")))),
            csv_field(&format!("Маркази {} {i} (НАМУНА)", rng.pick(vocabulary("tg")))),
            cats[i % cats.len()],
            cats[(i / 8) % cats.len()],
            csv_field(&format!("Sample street {i} (SAMPLE)")),
            i % 1000,
            i % 10000,
            csv_field(&sentence(rng, "en", 8)),
            csv_field(&sentence(rng, "ru", 8)),
            costs[i % 3],
        )?;
    }
    out.flush()
}

fn write_quotes(src: &Path, scale: Scale, rng: &mut Rng) -> io::Result<()> {
    let mut out = BufWriter::new(fs::File::create(src.join("remittance.csv"))?);
    writeln!(
        out,
        "id,send_country,send_currency,receive_country,receive_currency,provider,firm_type,product,access_point,payout,speed,fee,fee_min,fee_max,rate,reference_rate,reference_at,transparent,source,collected_at,status"
    )?;
    // Recent quotes, so none is stale on the day the benchmark runs.
    let today: NaiveDate = Utc::now().date_naive();
    let corridors = [
        ("RU", "RUB", "TJ", "TJS", 0.118),
        ("RU", "RUB", "UZ", "UZS", 140.0),
        ("RU", "RUB", "KG", "KGS", 1.05),
        ("KZ", "KZT", "UZ", "UZS", 24.0),
    ];
    let firms = ["bank", "money_transfer_operator", "post", "mobile_operator"];
    let access = ["agent", "bank_branch", "online", "mobile_app"];
    let payouts = ["cash", "account", "wallet", "card"];
    let speeds = ["minutes", "same_day", "next_day", "days_2_5"];
    let fees = ["0", "150", "1%", "100 + 1%", "5000: 150 | 20000: 1.2% | 0.9%"];
    for i in 0..scale.quotes {
        let (sc, scur, rc, rcur, reference) = corridors[i % corridors.len()];
        let rate = reference * (0.95 + rng.unit() * 0.05);
        writeln!(
            out,
            "rq-{i:05},{sc},{scur},{rc},{rcur},Provider {} (SAMPLE),{},Product {i} (SAMPLE),{},{},{},{},,,{rate:.5},{reference:.5},{today}T09:00:00Z,true,Synthetic benchmark data (SAMPLE),{today},sample",
            i % 200,
            firms[i % 4],
            access[(i / 4) % 4],
            payouts[(i / 16) % 4],
            speeds[(i / 2) % 4],
            csv_field(fees[i % fees.len()]),
        )?;
    }
    out.flush()
}
