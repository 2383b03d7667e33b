//! Exact fractions for the cost computation: a fee of 1 % of 10000.50 or a margin of
//! `1 − 0.11658 / 0.1180` is carried exactly and rounded once, at the end, by a stated rule.
//!
//! Every operation is checked: `None` means a number too large for `i128`, which callers turn
//! into an error instead of a wrong answer or a panic.

use crate::model::Decimal;
use std::cmp::Ordering;

/// `num / den` in lowest terms with `den > 0`, so equal values have equal fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Ratio {
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    /// `None` for a zero denominator or an overflow.
    pub fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num.unsigned_abs(), den.unsigned_abs());
        // g ≥ 1 here, and dividing by it cannot overflow except for i128::MIN / 1, negated below.
        let g = i128::try_from(g).ok()?;
        let (num, den) = (num / g, den / g);
        if den < 0 {
            Some(Ratio {
                num: num.checked_neg()?,
                den: den.checked_neg()?,
            })
        } else {
            Some(Ratio { num, den })
        }
    }

    pub fn integer(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    pub fn from_decimal(d: Decimal) -> Option<Ratio> {
        Ratio::new(d.mantissa(), 10i128.checked_pow(d.scale())?)
    }

    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    pub fn checked_add(self, other: Ratio) -> Option<Ratio> {
        // Over the least common multiple of the denominators, to keep numbers small.
        let g = i128::try_from(gcd(self.den.unsigned_abs(), other.den.unsigned_abs())).ok()?;
        let (a, b) = (self.den / g, other.den / g);
        let num = self.num.checked_mul(b)?.checked_add(other.num.checked_mul(a)?)?;
        Ratio::new(num, self.den.checked_mul(b)?)
    }

    pub fn checked_sub(self, other: Ratio) -> Option<Ratio> {
        self.checked_add(Ratio {
            num: other.num.checked_neg()?,
            den: other.den,
        })
    }

    pub fn checked_mul(self, other: Ratio) -> Option<Ratio> {
        // Cross-cancel first so the products stay as small as they can.
        let g1 = i128::try_from(gcd(self.num.unsigned_abs(), other.den.unsigned_abs()))
            .ok()?
            .max(1);
        let g2 = i128::try_from(gcd(other.num.unsigned_abs(), self.den.unsigned_abs()))
            .ok()?
            .max(1);
        let num = (self.num / g1).checked_mul(other.num / g2)?;
        let den = (self.den / g2).checked_mul(other.den / g1)?;
        Ratio::new(num, den)
    }

    /// `None` also when dividing by zero.
    pub fn checked_div(self, other: Ratio) -> Option<Ratio> {
        if other.num == 0 {
            return None;
        }
        self.checked_mul(Ratio::new(other.den, other.num)?)
    }

    /// The largest integer ≤ the value.
    pub fn floor(self) -> i128 {
        self.num.div_euclid(self.den)
    }

    /// The smallest integer ≥ the value.
    pub fn ceil(self) -> i128 {
        let floor = self.floor();
        if self.num.rem_euclid(self.den) == 0 {
            floor
        } else {
            floor + 1
        }
    }

    /// The nearest integer; exact halves go up (towards +∞): 2.5 → 3, −2.5 → −2.
    pub fn round_half_up(self) -> i128 {
        let (q, r) = (self.num.div_euclid(self.den), self.num.rem_euclid(self.den));
        // 0 ≤ r < den; `r ≥ den − r` is `2r ≥ den` without overflow.
        if r >= self.den - r {
            q + 1
        } else {
            q
        }
    }

    /// The value rounded half up to `scale` decimal places, as a [`Decimal`].
    pub fn to_decimal(self, scale: u32) -> Option<Decimal> {
        let shifted = self.checked_mul(Ratio::integer(10i128.checked_pow(scale)?))?;
        Some(Decimal::new(shifted.round_half_up(), scale))
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    /// Exact and overflow-free: compares integer parts, then the reciprocals of the remainders
    /// (a continued-fraction walk), instead of cross-multiplying.
    fn cmp(&self, other: &Self) -> Ordering {
        let (mut a, mut b, mut c, mut d) = (self.num, self.den, other.num, other.den);
        let mut flipped = false;
        loop {
            let (qa, qc) = (a.div_euclid(b), c.div_euclid(d));
            if qa != qc {
                let ord = qa.cmp(&qc);
                return if flipped { ord.reverse() } else { ord };
            }
            let (ra, rc) = (a.rem_euclid(b), c.rem_euclid(d));
            match (ra == 0, rc == 0) {
                (true, true) => return Ordering::Equal,
                (true, false) => return if flipped { Ordering::Greater } else { Ordering::Less },
                (false, true) => return if flipped { Ordering::Less } else { Ordering::Greater },
                // ra/b vs rc/d, both in (0, 1): compare b/ra vs d/rc the other way round.
                (false, false) => {
                    (a, b, c, d) = (b, ra, d, rc);
                    flipped = !flipped;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Ratio {
        Ratio::new(n, d).unwrap()
    }

    #[test]
    fn arithmetic_is_exact_and_reduced() {
        assert_eq!(r(2, 4), r(1, 2));
        assert_eq!(r(1, -2), r(-1, 2));
        assert_eq!(
            (r(-6, -4).num, r(-6, -4).den),
            (3, 2),
            "lowest terms, positive denominator"
        );
        assert_eq!(r(1, 3).checked_add(r(1, 6)), Some(r(1, 2)));
        assert_eq!(r(1, 3).checked_sub(r(1, 2)), Some(r(-1, 6)));
        assert_eq!(r(2, 3).checked_mul(r(9, 4)), Some(r(3, 2)));
        assert_eq!(r(2, 3).checked_div(r(4, 9)), Some(r(3, 2)));
        assert_eq!(r(1, 3).checked_div(Ratio::ZERO), None);
        assert_eq!(Ratio::new(1, 0), None);
        assert_eq!(Ratio::integer(i128::MAX).checked_add(Ratio::integer(1)), None);
        let d: Decimal = "0.1180".parse().unwrap();
        assert_eq!(Ratio::from_decimal(d), Some(r(59, 500)));
    }

    #[test]
    fn rounding_rules() {
        assert_eq!(r(7, 2).floor(), 3);
        assert_eq!(r(-7, 2).floor(), -4);
        assert_eq!((r(7, 2).ceil(), r(-7, 2).ceil(), r(6, 2).ceil()), (4, -3, 3));
        assert_eq!(r(5, 2).round_half_up(), 3, "a half goes up");
        assert_eq!(r(-5, 2).round_half_up(), -2, "a half goes towards +∞");
        assert_eq!(r(249, 100).round_half_up(), 2);
        assert_eq!(r(251, 100).round_half_up(), 3);
        assert_eq!(r(1, 3).to_decimal(4).unwrap().to_string(), "0.3333");
        assert_eq!(r(2, 3).to_decimal(4).unwrap().to_string(), "0.6667");
        assert_eq!(r(1, 8).to_decimal(2).unwrap().to_string(), "0.13", "0.125 → 0.13");
    }

    #[test]
    fn comparison_never_overflows() {
        assert!(r(1, 3) < r(1, 2));
        assert!(r(-1, 2) < r(-1, 3));
        assert!(r(-1, 3) < Ratio::ZERO);
        assert_eq!(r(10, 4).cmp(&r(5, 2)), Ordering::Equal);
        // Cross-multiplying these would overflow i128.
        let big = i128::MAX / 3;
        let a = r(big - 1, big);
        let b = r(big - 2, big - 1);
        assert_eq!((a.cmp(&b), b.cmp(&a)), (Ordering::Greater, Ordering::Less));
        assert!(r(i128::MAX, 7) > r(i128::MAX - 1, 7));
        assert!(r(355, 113) > r(22, 7).checked_sub(r(1, 100)).unwrap());
    }
}
