//! Coordinates checked against the entry's country: a small embedded bounding-box table catches
//! a point in the wrong country, a swapped `lat`/`lon` pair and `0,0`. Boxes are coarse on
//! purpose (they overlap along borders): they catch gross mistakes, not a wrong street.

use safar_core::model::{CountryCode, GeoPoint};

/// `(country, south, north, west, east)` in degrees. Source: the extent of each country in
/// Natural Earth's 1:10m Admin 0 boundaries (public domain), widened outward to whole tenths of
/// a degree. Russia crosses the antimeridian: its east edge is written past 180 (Chukotka, to
/// -169.0, is 191.0), and western longitudes are compared as `lon + 360`.
const BOXES: &[(&str, f64, f64, f64, f64)] = &[
    ("KG", 39.1, 43.3, 69.2, 80.3),
    ("KR", 33.1, 38.7, 124.6, 131.9),
    ("KZ", 40.5, 55.5, 46.4, 87.4),
    ("RU", 41.1, 81.9, 19.6, 191.0),
    ("TJ", 36.6, 41.1, 67.3, 75.2),
    ("TM", 35.1, 42.8, 52.4, 66.7),
    ("TR", 35.8, 42.2, 25.6, 44.9),
    ("UZ", 37.1, 45.6, 55.9, 73.2),
];

/// Where [`BOXES`] comes from, for the README.
pub const BOXES_SOURCE: &str = "Natural Earth 1:10m Admin 0 extents";

/// `Ok` when `point` may lie in `country` (or the country has no box here); otherwise why not.
pub fn check_location(point: GeoPoint, country: &CountryCode) -> Result<(), String> {
    if point.lat.abs() < 1.0 && point.lon.abs() < 1.0 {
        return Err(format!(
            "columns 'lat', 'lon': {},{} is next to 0,0 (\"null island\"), a placeholder, not a place: \
             fill in the real coordinates or leave both empty",
            point.lat, point.lon
        ));
    }
    let Some(&(_, south, north, west, east)) = BOXES.iter().find(|b| b.0 == country.as_str()) else {
        return Ok(());
    };
    let inside = |lat: f64, lon: f64| {
        let lon = if lon < west { lon + 360.0 } else { lon };
        (south..=north).contains(&lat) && (west..=east).contains(&lon)
    };
    let country = country.as_str();
    if inside(point.lat, point.lon) {
        return Ok(());
    }
    if inside(point.lon, point.lat) {
        return Err(format!(
            "columns 'lat', 'lon' are swapped: {},{} is outside {country}, but {},{} is inside; \
             put the latitude (north-south, {south}..{north} in {country}) in 'lat'",
            point.lat, point.lon, point.lon, point.lat
        ));
    }
    let elsewhere = BOXES
        .iter()
        .filter(|b| inside_box(b, point))
        .map(|b| b.0)
        .collect::<Vec<_>>();
    let hint = match elsewhere.is_empty() {
        true => String::new(),
        false => format!(" (it is in {})", elsewhere.join(" or ")),
    };
    Err(format!(
        "columns 'lat', 'lon': {},{} is not in {country}{hint}; the entry's country is {country}",
        point.lat, point.lon
    ))
}

fn inside_box(&(_, south, north, west, east): &(&str, f64, f64, f64, f64), point: GeoPoint) -> bool {
    let lon = if point.lon < west { point.lon + 360.0 } else { point.lon };
    (south..=north).contains(&point.lat) && (west..=east).contains(&lon)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lat: f64, lon: f64, country: &str) -> Result<(), String> {
        check_location(GeoPoint { lat, lon }, &CountryCode::parse(country).unwrap())
    }

    #[test]
    fn points_in_the_wrong_place_are_named() {
        assert!(check(38.5598, 68.7870, "TJ").is_ok());
        assert!(check(64.73, 177.5, "RU").is_ok(), "Anadyr");
        assert!(check(66.0, -169.5, "RU").is_ok(), "Chukotka west of the antimeridian");
        assert!(check(68.7870, 38.5598, "TJ").unwrap_err().contains("swapped"));
        let moscow = check(55.7558, 37.6173, "TJ").unwrap_err();
        assert!(moscow.contains("is not in TJ (it is in RU)"), "{moscow}");
        assert!(check(0.0, 0.0, "TJ").unwrap_err().contains("null island"));
        assert!(check(0.0001, -0.2, "KZ").unwrap_err().contains("null island"));
        assert!(check(0.0, 0.0, "DE").is_err(), "0,0 is refused everywhere");
        assert!(check(52.5, 13.4, "DE").is_ok(), "no box: no check");
    }
}
