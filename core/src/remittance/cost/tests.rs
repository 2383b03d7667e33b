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
    // 995 000 × 8.7932 = 8 749 234; fee 5000 / 1 000 000 = 0.5 %; 1 − 8.7932/8.9 = 0.1068/8.9 = 1.2 %.
    assert_eq!(
        summary(&c),
        s(["1000000", "5000", "8749234.00", "0.5000", "1.2000", "1.7000"])
    );
    assert_eq!((c.send.minor_units, c.received.minor_units), (1_000_000, 874_923_400));
    assert_eq!(c.converted.value.to_string(), "995000");
    // Reverse: exactly that amount needs 1 000 000 won; one tiyin more needs one won more
    // (995 001 × 8.7932 = 8 749 242.7932).
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
    // 1 % of 5000 is 50: the minimum applies. 4900 × 0.11658 = 571.242 → 571.24.
    assert_eq!(
        summary(&send(&q, "5000")),
        s(["5000.00", "100.00", "571.24", "2.0000", "1.2034", "3.2034"])
    );
    // 1 % of 200 000 is 2000: the maximum applies. 198 500 × 0.11658 = 23 141.13.
    // 0.75 % + 1.20338983 % = 1.95338983 %.
    assert_eq!(
        summary(&send(&q, "200000")),
        s(["200000.00", "1500.00", "23141.13", "0.7500", "1.2034", "1.9534"])
    );
    // 1 % of 10 000.50 is 100.005: a half, rounded up to 100.01. 9900.49 × 0.11658 =
    // 1154.1991242 → 1154.19 (down). 100.01 / 10 000.50 = 1.00004999… %.
    assert_eq!(
        summary(&send(&q, "10000.50")),
        s(["10000.50", "100.01", "1154.19", "1.0000", "1.2034", "2.2034"])
    );
    // Reverse: 571.24 / 0.11658 = 4899.9828…, so 4899.99 converted (→ 571.2408…; 4899.98
    // gives 571.2396…). The fee stays at the minimum 100, so 4999.99 — less than 5000.
    assert_eq!(needed(&q, "571.24"), "4999.99");
    // Reverse over the maximum: 23 141.13 needs 198 500 converted, plus the 1500 maximum.
    assert_eq!(needed(&q, "23141.13"), "200000.00");
}

#[test]
fn fixed_plus_percent_fee_both_directions() {
    // RUB → TJS, 100 + 0.5 %, rate 0.11505, reference 0.1180: FX margin 0.00295/0.118 = 2.5 %.
    let q = quote("C", ("RUB", "TJS"), "100 + 0.5%", (None, None), "0.11505", "0.1180");
    // Fee 100 + 50 = 150; 9850 × 0.11505 = 1133.2425 → 1133.24.
    assert_eq!(
        summary(&send(&q, "10000")),
        s(["10000.00", "150.00", "1133.24", "1.5000", "2.5000", "4.0000"])
    );
    // Reverse: 1133.24 / 0.11505 = 9849.978…, so 9849.98 must be converted. At 9999.98 the
    // fee is 100 + 49.9999 → 150.00 and 9849.98 is converted; at 9999.97 only 9849.97
    // (→ 1133.239… → 1133.23). So 9999.98, less than the 10 000 that the forward example used.
    assert_eq!(needed(&q, "1133.24"), "9999.98");
    let c = cost_for_receive(&q, &amount("1133.24", "TJS")).unwrap();
    assert_eq!(c.received.value.to_string(), "1133.24");
    assert_eq!(c.fee.value.to_string(), "150.00");
}

#[test]
fn tiered_fee_both_directions_across_tier_bounds() {
    // RUB → TJS, up to 5000: 150; up to 20 000: 1.2 %; above: 0.9 %, at most 1000.
    // Rate 0.11741, reference 0.1180: FX margin 0.00059/0.118 = 0.5 %.
    let q = quote(
        "D",
        ("RUB", "TJS"),
        "5000: 150 | 20000: 1.2% | 0.9%",
        (None, Some("1000")),
        "0.11741",
        "0.1180",
    );
    // The bound itself is in the first tier: 4850 × 0.11741 = 569.4385 → 569.43; 3 %.
    assert_eq!(
        summary(&send(&q, "5000")),
        s(["5000.00", "150.00", "569.43", "3.0000", "0.5000", "3.5000"])
    );
    // One kopeck more is the second tier: 1.2 % of 5000.01 = 60.0001 → 60.00; 4940.01 ×
    // 0.11741 = 580.0065741 → 580.00, more than at 5000. 60/5000.01 = 1.19999760… %.
    assert_eq!(
        summary(&send(&q, "5000.01")),
        s(["5000.01", "60.00", "580.00", "1.2000", "0.5000", "1.7000"])
    );
    // 1.2 % of 20 000 = 240; 19 760 × 0.11741 = 2320.0216 → 2320.02.
    assert_eq!(send(&q, "20000").received.value.to_string(), "2320.02");
    // 0.9 % of 20 000.01 = 180.00009 → 180.00; 19 820.01 × 0.11741 = 2327.0673741 → 2327.06.
    let c = send(&q, "20000.01");
    assert_eq!(
        (c.fee.value.to_string(), c.received.value.to_string()),
        ("180.00".into(), "2327.06".into())
    );
    // 0.9 % of 200 000 = 1800, capped at 1000; 199 000 × 0.11741 = 23 364.59.
    let c = send(&q, "200000");
    assert_eq!(
        (c.fee.value.to_string(), c.received.value.to_string()),
        ("1000.00".into(), "23364.59".into())
    );

    // Reverse in the first tier: 569.43 / 0.11741 = 4849.927…, so 4849.93 + 150 = 4999.93.
    assert_eq!(needed(&q, "569.43"), "4999.93");
    // 575.00 cannot come from the first tier (569.43 at most there); the second tier's first
    // amount, 5000.01, already delivers 580.00 — so it is the smallest send amount, though
    // 4999.93 < 5000.01 delivers less.
    assert_eq!(needed(&q, "575.00"), "5000.01");
    assert_eq!(needed(&q, "580.00"), "5000.01");
    // 580.01 / 0.11741 = 4940.0391…, so 4940.04 converted; at 5000.04 the fee is 1.2 % =
    // 60.00048 → 60.00 and 4940.04 is converted (5000.03 converts 4940.03 → 580.0089…).
    assert_eq!(needed(&q, "580.01"), "5000.04");
    // 580.02 / 0.11741 = 4940.1243…: 4940.13 converted, at 5000.13 (fee 60.00156 → 60.00).
    assert_eq!(needed(&q, "580.02"), "5000.13");
}

#[test]
fn tiered_fee_in_a_currency_without_minor_units() {
    // KRW → UZS, up to 1 000 000: 8000 won; above: 12 000. Rate 8.8466.
    let q = quote(
        "Q",
        ("KRW", "UZS"),
        "1000000: 8000 | 12000",
        (None, None),
        "8.8466",
        "8.900",
    );
    // 992 000 × 8.8466 = 8 775 827.2.
    assert_eq!(send(&q, "1000000").received.value.to_string(), "8775827.20");
    // One won more costs 4000 won more: 988 001 × 8.8466 = 8 740 449.6466 → 8 740 449.64.
    let c = send(&q, "1000001");
    assert_eq!(
        (c.fee.value.to_string(), c.received.value.to_string()),
        ("12000".into(), "8740449.64".into())
    );
    assert_eq!(needed(&q, "8775827.20"), "1000000");
    // A tiyin more than the first tier can give: 8 775 827.21 / 8.8466 = 992 000.0011…, so
    // 992 001 converted plus 12 000 = 1 004 001 (992 001 × 8.8466 = 8 775 836.0466).
    assert_eq!(needed(&q, "8775827.21"), "1004001");
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
    // 3000 + 2500.5 = 5500.5 → 5501 (half up); 244 549 × 8.722 = 2 132 956.378 → 2 132 956.37.
    let c = send(&q, "250050");
    assert_eq!(
        (c.fee.value.to_string(), c.received.value.to_string()),
        ("5501".into(), "2132956.37".into())
    );
    // 3000 + 1234.56 = 4234.56 → 4235; 119 221 × 8.722 = 1 039 845.562 → 1 039 845.56.
    let c = send(&q, "123456");
    assert_eq!(
        (c.fee.value.to_string(), c.received.value.to_string()),
        ("4235".into(), "1039845.56".into())
    );
    // 3000 + 30 000 capped at 25 000; 2 975 000 × 8.722 = 25 947 950.
    let c = send(&q, "3000000");
    assert_eq!(
        (c.fee.value.to_string(), c.received.value.to_string()),
        ("25000".into(), "25947950.00".into())
    );
    // 1 − 8.722/8.9 = 0.178/8.9 = 2 %; 25 000 / 3 000 000 = 0.8333… %.
    assert_eq!(
        (
            c.fee_pct.to_string(),
            c.fx_margin_pct.to_string(),
            c.total_cost_pct.to_string()
        ),
        ("0.8333".into(), "2.0000".into(), "2.8333".into())
    );
}

#[test]
fn received_in_a_currency_without_minor_units_is_rounded_down() {
    // USD → KRW, 2.99 dollars, rate 1350.25, reference 1380: FX margin 29.75/1380 = 2.15579…%.
    let q = quote("K", ("USD", "KRW"), "2.99", (None, None), "1350.25", "1380.00");
    // 97.01 × 1350.25 = 130 987.7525 → 130 987 won.
    let c = send(&q, "100");
    assert_eq!(
        summary(&c),
        s(["100.00", "2.99", "130987", "2.9900", "2.1558", "5.1458"])
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
    // The minimum fee takes the whole amount.
    assert!(invalid(cost_for_send(&q, &amount("100", "RUB"))).contains("takes the whole amount"));
    assert!(invalid(cost_for_send(&q, &amount("50", "RUB"))).contains("takes the whole amount"));
    // Currencies must match the quote.
    assert!(invalid(cost_for_send(&q, &amount("5000", "TJS"))).contains("in RUB, not TJS"));
    assert!(invalid(cost_for_receive(&q, &amount("500", "RUB"))).contains("in TJS, not RUB"));
    // More than the largest send amount could deliver.
    let huge = amount("1000000000000", "TJS");
    assert!(invalid(cost_for_receive(&q, &huge)).contains("no send amount"));
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
