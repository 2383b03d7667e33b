//! Hand-computed expectations: every number below was worked out on paper from the module's
//! rounding rules, not produced by the code under test.

use super::*;
use crate::remittance::testing::quote;

fn amount(text: &str, currency: &str) -> Amount {
    Amount::parse(text, currency).unwrap()
}

/// `(send, fee, received, fee %, FX margin %, total %)` as printed.
fn summary(c: &Cost) -> (String, String, String, String, String, String) {
    (
        c.send.value.to_string(),
        c.fee.value.to_string(),
        c.received.value.to_string(),
        c.fee_pct.to_string(),
        c.fx_margin_pct.to_string(),
        c.total_cost_pct.to_string(),
    )
}

fn s(v: [&str; 6]) -> (String, String, String, String, String, String) {
    let [a, b, c, d, e, f] = v.map(str::to_string);
    (a, b, c, d, e, f)
}

fn send(q: &RemittanceQuote, text: &str) -> Cost {
    cost_for_send(q, &amount(text, &q.send_currency)).unwrap()
}

fn needed(q: &RemittanceQuote, text: &str) -> String {
    let c = cost_for_receive(q, &amount(text, &q.receive_currency)).unwrap();
    assert!(
        c.received.value >= text.parse().unwrap(),
        "delivers at least what was asked"
    );
    c.send.value.to_string()
}

fn invalid(result: Result<Cost>) -> String {
    match result {
        Err(Error::InvalidInput(msg)) => msg,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn fixed_fee_in_a_currency_without_minor_units() {
    // KRW → UZS, 5000 won, rate 8.7932, reference 8.9.
    let q = quote("P", ("KRW", "UZS"), "5000", (None, None), "8.7932", "8.900");
    let c = send(&q, "1000000");
    // 995 000 + 5000 = 1 000 000; 995 000 × 8.7932 = 8 749 234; fee 5000 / 995 000 =
    // 0.50251…%; 1 − 8.7932/8.9 = 0.1068/8.9 = 1.2 %.
    assert_eq!(
        summary(&c),
        s(["1000000", "5000", "8749234.00", "0.5025", "1.2000", "1.7025"])
    );
    assert_eq!((c.send.minor_units, c.received.minor_units), (1_000_000, 874_923_400));
    assert_eq!(c.converted.value.to_string(), "995000");
    // Reverse: exactly that amount needs 1 000 000 won; one tiyin more needs one won more
    // (8 749 234.01 / 8.7932 = 995 000.0011…, so 995 001 transferred).
    assert_eq!(needed(&q, "8749234.00"), "1000000");
    assert_eq!(needed(&q, "8749234.01"), "1000001");
}

#[test]
fn percent_fee_with_minimum_and_maximum() {
    // RUB → TJS, 1 % with minimum 100 and maximum 1500, rate 0.11658, reference 0.1180:
    // FX margin 0.00142 / 0.118 = 1.20338983… %.
    let q = quote(
        "B",
        ("RUB", "TJS"),
        "1%",
        (Some("100"), Some("1500")),
        "0.11658",
        "0.1180",
    );
    // Below 10 000 transferred the minimum applies: 4900 + 100. 4900 × 0.11658 = 571.242 →
    // 571.24. 100 / 4900 = 2.0408163… %; + 1.2033898… % = 3.2442061… %.
    assert_eq!(
        summary(&send(&q, "5000")),
        s(["5000.00", "100.00", "571.24", "2.0408", "1.2034", "3.2442"])
    );
    // Above 150 000 the maximum applies: 198 500 + 1500. 198 500 × 0.11658 = 23 141.13.
    // 1500 / 198 500 = 0.7556675… %; total 1.9590573… %.
    assert_eq!(
        summary(&send(&q, "200000")),
        s(["200000.00", "1500.00", "23141.13", "0.7557", "1.2034", "1.9591"])
    );
    // 1 % of 10 000.50 is 100.005: a half, rounded up to 100.01; 10 000.50 + 100.01 =
    // 10 100.51 fits exactly (10 000.51 would need 10 100.52). 10 000.50 × 0.11658 =
    // 1165.85829 → 1165.85 (down). 100.01 / 10 000.50 = 1.00004999… %.
    let c = send(&q, "10100.51");
    assert_eq!(
        summary(&c),
        s(["10100.51", "100.01", "1165.85", "1.0000", "1.2034", "2.2034"])
    );
    assert_eq!(c.converted.value.to_string(), "10000.50");
    // Reverse: 571.24 / 0.11658 = 4899.9828…, so 4899.99 transferred (→ 571.2408…; 4899.98
    // gives 571.2396…), plus the minimum 100: 4999.99 — less than 5000.
    assert_eq!(needed(&q, "571.24"), "4999.99");
    // 23 141.13 needs exactly 198 500 transferred, plus the 1500 maximum.
    assert_eq!(needed(&q, "23141.13"), "200000.00");
}

#[test]
fn fixed_plus_percent_fee_both_directions() {
    // RUB → TJS, 100 + 0.5 %, rate 0.11505, reference 0.1180: FX margin 0.00295/0.118 = 2.5 %.
    let q = quote("C", ("RUB", "TJS"), "100 + 0.5%", (None, None), "0.11505", "0.1180");
    // 10 000 handed over: 9850.75 + (100 + 49.25375 → 149.25) = 10 000.00, while 9850.76
    // would need 10 000.01. 9850.75 × 0.11505 = 1133.3287875 → 1133.32.
    // 149.25 / 9850.75 = 1.5151130… %.
    assert_eq!(
        summary(&send(&q, "10000")),
        s(["10000.00", "149.25", "1133.32", "1.5151", "2.5000", "4.0151"])
    );
    // Reverse: 1133.24 / 0.11505 = 9849.978…, so 9849.98 transferred; fee 100 + 49.2499 →
    // 149.25; 9999.23 in all.
    let c = cost_for_receive(&q, &amount("1133.24", "TJS")).unwrap();
    assert_eq!(
        (
            c.send.value.to_string(),
            c.fee.value.to_string(),
            c.received.value.to_string()
        ),
        ("9999.23".into(), "149.25".into(), "1133.24".into())
    );
}

#[test]
fn tiered_fee_both_directions_across_tier_bounds() {
    // RUB → TJS, transfers up to 5000: 150; up to 20 000: 1.2 %; above: 0.9 %, at most 1000.
    // Rate 0.11741, reference 0.1180: FX margin 0.00059/0.118 = 0.5 %.
    let q = quote(
        "D",
        ("RUB", "TJS"),
        "5000: 150 | 20000: 1.2% | 0.9%",
        (None, Some("1000")),
        "0.11741",
        "0.1180",
    );
    // 5000 handed over: 4850 + 150 in the first tier (the second starts at 5000.01, which
    // alone is more). 4850 × 0.11741 = 569.4385 → 569.43; 150 / 4850 = 3.0927835… %.
    assert_eq!(
        summary(&send(&q, "5000")),
        s(["5000.00", "150.00", "569.43", "3.0928", "0.5000", "3.5928"])
    );
    // 5100 handed over: the first tier transfers 4950, the second 5039.53 + 60.47 (1.2 % =
    // 60.47436) = 5100.00 — more, so the second. 5039.53 × 0.11741 = 591.6912173 → 591.69.
    let c = send(&q, "5100");
    assert_eq!(
        (
            c.converted.value.to_string(),
            c.fee.value.to_string(),
            c.received.value.to_string()
        ),
        ("5039.53".into(), "60.47".into(), "591.69".into())
    );
    // 20 000: 19 762.85 + 237.15 (237.1542); 19 762.86 would need 20 000.01.
    // 19 762.85 × 0.11741 = 2320.3562185 → 2320.35.
    let c = send(&q, "20000");
    assert_eq!(
        (
            c.converted.value.to_string(),
            c.fee.value.to_string(),
            c.received.value.to_string()
        ),
        ("19762.85".into(), "237.15".into(), "2320.35".into())
    );
    // 200 000: 0.9 % is above the maximum, so 199 000 + 1000; 199 000 × 0.11741 = 23 364.59.
    // 1000 / 199 000 = 0.5025125… %.
    assert_eq!(
        summary(&send(&q, "200000")),
        s(["200000.00", "1000.00", "23364.59", "0.5025", "0.5000", "1.0025"])
    );

    // Reverse, in the first tier: 569.43 / 0.11741 = 4849.927…, so 4849.93 + 150 = 4999.93
    // (the second tier's smallest transfer, 5000.01, costs 5060.01).
    assert_eq!(needed(&q, "569.43"), "4999.93");
    // 575.00 / 0.11741 = 4897.368…: 4897.37 + 150 = 5047.37, still cheaper than 5060.01.
    assert_eq!(needed(&q, "575.00"), "5047.37");
    // 581.00 / 0.11741 = 4948.46…: 4948.47 + 150 = 5098.47 in the first tier, but the second
    // tier's 5000.01 + 60.00 = 5060.01 delivers more (587.05) for less: the cheaper wins.
    let c = cost_for_receive(&q, &amount("581.00", "TJS")).unwrap();
    assert_eq!(
        (
            c.send.value.to_string(),
            c.converted.value.to_string(),
            c.received.value.to_string()
        ),
        ("5060.01".into(), "5000.01".into(), "587.05".into())
    );
}

#[test]
fn tiered_fee_in_a_currency_without_minor_units() {
    // KRW → UZS, transfers up to 1 000 000: 8000 won; above: 12 000. Rate 8.8466.
    let q = quote(
        "Q",
        ("KRW", "UZS"),
        "1000000: 8000 | 12000",
        (None, None),
        "8.8466",
        "8.900",
    );
    // 992 000 + 8000; 992 000 × 8.8466 = 8 775 827.2.
    assert_eq!(send(&q, "1000000").received.value.to_string(), "8775827.20");
    // 1 010 000 handed over: the first tier stops at 1 000 000 (+ 8000 = 1 008 000), the second
    // could only transfer 998 000, below its start. So 1 008 000 is paid, 2000 won stay.
    let c = send(&q, "1010000");
    assert_eq!(
        (
            c.send.value.to_string(),
            c.converted.value.to_string(),
            c.received.value.to_string()
        ),
        ("1008000".into(), "1000000".into(), "8846600.00".into())
    );
    // 1 020 000: the second tier transfers 1 008 000 + 12 000; 1 008 000 × 8.8466 = 8 917 372.8.
    let c = send(&q, "1020000");
    assert_eq!(
        (c.fee.value.to_string(), c.received.value.to_string()),
        ("12000".into(), "8917372.80".into())
    );
    // Reverse: 8 846 600 needs 1 000 000 transferred (+ 8000); a tiyin more needs 1 000 001,
    // in the second tier (+ 12 000).
    assert_eq!(needed(&q, "8846600.00"), "1008000");
    assert_eq!(needed(&q, "8846600.01"), "1012001");
}

#[test]
fn percent_fee_rounds_half_up_to_whole_won() {
    // KRW → UZS, 3000 + 1 %, at most 25 000. Rate 8.7220, reference 8.900.
    let q = quote(
        "R",
        ("KRW", "UZS"),
        "3000 + 1%",
        (None, Some("25000")),
        "8.7220",
        "8.900",
    );
    // 250 050 transferred: 3000 + 2500.5 = 5500.5 → 5501 (half up), 255 551 in all; 250 051
    // would need 255 552. 250 050 × 8.722 = 2 180 936.1.
    let c = send(&q, "255551");
    assert_eq!(
        (
            c.converted.value.to_string(),
            c.fee.value.to_string(),
            c.received.value.to_string()
        ),
        ("250050".into(), "5501".into(), "2180936.10".into())
    );
    // 123 456: 119 263 + (3000 + 1192.63 → 4193) = 123 456. 119 263 × 8.722 = 1 040 211.886.
    let c = send(&q, "123456");
    assert_eq!(
        (
            c.converted.value.to_string(),
            c.fee.value.to_string(),
            c.received.value.to_string()
        ),
        ("119263".into(), "4193".into(), "1040211.88".into())
    );
    // 3 000 000: the maximum applies, 2 975 000 + 25 000; × 8.722 = 25 947 950.
    let c = send(&q, "3000000");
    assert_eq!(
        (c.fee.value.to_string(), c.received.value.to_string()),
        ("25000".into(), "25947950.00".into())
    );
    // 1 − 8.722/8.9 = 0.178/8.9 = 2 %; 25 000 / 2 975 000 = 0.8403361… %.
    assert_eq!(
        (
            c.fee_pct.to_string(),
            c.fx_margin_pct.to_string(),
            c.total_cost_pct.to_string()
        ),
        ("0.8403".into(), "2.0000".into(), "2.8403".into())
    );
}

#[test]
fn received_in_a_currency_without_minor_units_is_rounded_down() {
    // USD → KRW, 2.99 dollars, rate 1350.25, reference 1380: FX margin 29.75/1380 = 2.15579…%.
    let q = quote("K", ("USD", "KRW"), "2.99", (None, None), "1350.25", "1380.00");
    // 97.01 + 2.99; 97.01 × 1350.25 = 130 987.7525 → 130 987 won. 2.99 / 97.01 = 3.0821564…%.
    let c = send(&q, "100");
    assert_eq!(
        summary(&c),
        s(["100.00", "2.99", "130987", "3.0822", "2.1558", "5.2380"])
    );
    // Reverse: 130 987 / 1350.25 = 97.0094…, so 97.01 + 2.99 = 100.00; one won more needs
    // 97.02 (97.02 × 1350.25 = 131 001.255) + 2.99 = 100.01.
    assert_eq!(needed(&q, "130987"), "100.00");
    assert_eq!(needed(&q, "130988"), "100.01");
}

#[test]
fn unusable_amounts_and_quotes_are_typed_errors() {
    let q = quote(
        "B",
        ("RUB", "TJS"),
        "1%",
        (Some("100"), Some("1500")),
        "0.11658",
        "0.1180",
    );
    // The minimum fee takes the whole amount (nothing would be left to transfer).
    assert!(invalid(cost_for_send(&q, &amount("100", "RUB"))).contains("takes the whole amount"));
    assert!(invalid(cost_for_send(&q, &amount("50", "RUB"))).contains("takes the whole amount"));
    // Currencies must match the quote.
    assert!(invalid(cost_for_send(&q, &amount("5000", "TJS"))).contains("in RUB, not TJS"));
    assert!(invalid(cost_for_receive(&q, &amount("500", "RUB"))).contains("in TJS, not RUB"));
    // More than the largest send amount could deliver.
    let huge = amount("1000000000000", "TJS");
    assert!(invalid(cost_for_receive(&q, &huge)).contains("no transfer up to"));
    // Broken quotes (content the publisher should have refused) do not panic.
    let unknown = quote("X", ("RUB", "TJS"), "1%", (None, None), "0.1", "0.1");
    let unknown = RemittanceQuote {
        receive_currency: "XXX".into(),
        ..unknown
    };
    assert!(invalid(cost_for_send(&unknown, &amount("100", "RUB"))).contains("unknown currency 'XXX'"));
    let all_fee = quote("Y", ("RUB", "TJS"), "100%", (None, None), "0.1", "0.1");
    assert!(invalid(cost_for_send(&all_fee, &amount("100", "RUB"))).contains("cannot be used"));
    let no_rate = quote("Z", ("RUB", "TJS"), "1%", (None, None), "0", "0.1");
    assert!(invalid(cost_for_send(&no_rate, &amount("100", "RUB"))).contains("cannot be used"));
    let no_reference = quote("Z", ("RUB", "TJS"), "1%", (None, None), "0.1", "0");
    assert!(invalid(cost_for_send(&no_reference, &amount("100", "RUB"))).contains("cannot be used"));
}

#[test]
fn a_rate_better_than_the_reference_is_a_negative_margin() {
    // The reference is older than the provider's rate: shown as it is, not hidden.
    let q = quote("N", ("RUB", "TJS"), "0", (None, None), "0.1190", "0.1180");
    let c = send(&q, "1000");
    // 1 − 0.119/0.118 = −0.001/0.118 = −0.84745…%.
    assert_eq!(c.fx_margin_pct.to_string(), "-0.8475");
    assert_eq!(c.received.value.to_string(), "119.00");
}

#[test]
fn a_material_payout_rounding_counts_in_the_total() {
    // RUB → TJS with no fee at 0.11588 against 0.1180 (provider A of the sample content).
    let q = quote("A", ("RUB", "TJS"), "0", (None, None), "0.11588", "0.1180");
    // 0.10 RUB × 0.11588 = 0.011588 TJS → 0.01 paid out; mid-market 0.0118. FX margin
    // 0.00212 / 0.118 = 1.7966 %; rounding 0.001588 / 0.0118 = 13.4576 %; total 15.2542 %:
    // the family gets 0.01 / 0.0118 = 84.746 % of the mid-market value, 15.254 % less.
    let c = send(&q, "0.10");
    assert_eq!(summary(&c), s(["0.10", "0.00", "0.01", "0.0000", "1.7966", "15.2542"]));
    assert_eq!(
        (c.payout_rounding_pct.to_string(), c.rounding_counted),
        ("13.4576".into(), true)
    );
    // 10 000 RUB: 1158.80 exactly, no loss. 9999.99: 1158.7988412 → 1158.79, a loss of
    // 0.0088412 / 1179.99882 = 0.00075 %: below 0.01 %, left out as RPW leaves it out.
    assert_eq!(send(&q, "10000").payout_rounding_pct.to_string(), "0.0000");
    let c = send(&q, "9999.99");
    assert_eq!(
        (
            c.payout_rounding_pct.to_string(),
            c.rounding_counted,
            c.total_cost_pct.to_string()
        ),
        ("0.0007".into(), false, "1.7966".into())
    );
}

#[test]
fn a_fixed_transfer_puts_the_fee_on_top() {
    // 1 % with minimum 100, as provider B: transferring 5000 costs 5000 + 100.
    let q = quote(
        "B",
        ("RUB", "TJS"),
        "1%",
        (Some("100"), Some("1500")),
        "0.11658",
        "0.1180",
    );
    let c = cost_for_transfer(&q, &amount("5000", "RUB")).unwrap();
    // 5000 × 0.11658 = 582.90; 100 / 5000 = 2 %; + 1.2034 % = 3.2034 %.
    assert_eq!(
        summary(&c),
        s(["5100.00", "100.00", "582.90", "2.0000", "1.2034", "3.2034"])
    );
    // 50 RUB, which a fee of 100 makes impossible to hand over, can still be transferred:
    // 100 / 50 = 200 %.
    let c = cost_for_transfer(&q, &amount("50", "RUB")).unwrap();
    assert_eq!(
        (c.send.value.to_string(), c.fee_pct.to_string()),
        ("150.00".into(), "200.0000".into())
    );
    assert!(invalid(cost_for_send(&q, &amount("50", "RUB"))).contains("takes the whole amount"));
    assert!(invalid(cost_for_transfer(&q, &amount("50", "TJS"))).contains("needs the transferred amount in RUB"));
}
