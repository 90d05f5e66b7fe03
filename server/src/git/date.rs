//! A tag's release date: the tagger's time of an annotated tag, else the commit's.

/// `YYYY-MM-DD` (UTC) of the tag or commit object `id`.
pub fn of_object(repo: &gix::Repository, id: gix::ObjectId) -> Option<String> {
    let object = repo.find_object(id).ok()?;
    let seconds = match object.kind {
        gix::object::Kind::Tag => object.try_into_tag().ok()?.tagger().ok()??.seconds(),
        gix::object::Kind::Commit => object.try_into_commit().ok()?.time().ok()?.seconds,
        _ => return None,
    };
    Some(civil_date(seconds))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
fn civil_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(951_782_400), "2000-02-29");
        assert_eq!(civil_date(1_798_761_599), "2026-12-31");
        assert_eq!(civil_date(-1), "1969-12-31");
    }
}
