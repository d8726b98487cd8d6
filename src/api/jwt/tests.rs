//! JWT decoding: the claims sipgate's tokens carry, and every kind of bad input giving a reason
//! instead of a panic or a false expiry.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::*;

fn b64(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(text)
}

/// A token with this payload (header and signature fixed).
fn token(payload: &str) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64(payload)
    )
}

fn unreadable(token: &str) -> String {
    match decode(token) {
        TokenContents::Unreadable(why) => why,
        other => panic!("expected unreadable, got {other:?}"),
    }
}

#[test]
fn sipgates_claims_are_read() {
    let t = token(
        r#"{"exp":1800000300,"iat":1800000000,"iss":"https://login.sipgate.com/auth/realms/third-party","azp":"my-crm","scope":"openid account:read users:read","featureScope":"NEO_PBX","sub":"w0"}"#,
    );
    assert_eq!(
        decode(&t),
        TokenContents::Claims(TokenClaims {
            issuer: Some("https://login.sipgate.com/auth/realms/third-party".into()),
            realm: Some("third-party".into()),
            client: Some("my-crm".into()),
            scopes: vec!["openid".into(), "account:read".into(), "users:read".into()],
            issued_at: Some(1_800_000_000),
            expires_at: Some(1_800_000_300),
            feature_scope: Some("NEO_PBX".into()),
        })
    );
}

#[test]
fn missing_claims_are_none_and_padding_is_accepted() {
    let t = format!("{}.{}=.sig", b64(r#"{"alg":"none"}"#), "e30");
    assert_eq!(decode(&t), TokenContents::Claims(TokenClaims::default()));
}

#[test]
fn tokens_that_are_not_jwts_are_opaque() {
    assert_eq!(
        decode("e68ead46-a7db-46cd-8a1a-44aed1e4e372"),
        TokenContents::Opaque
    );
    assert_eq!(decode(""), TokenContents::Opaque);
    assert_eq!(decode(&"x".repeat(100_000)), TokenContents::Opaque);
}

#[test]
fn bad_input_gives_a_reason() {
    let header = b64(r#"{"alg":"RS256"}"#);
    let two = format!("{header}.{}", b64("{}"));
    let four = format!("{header}.{}.sig.more", b64("{}"));
    assert_eq!(
        unreadable(&two),
        "a JWT has 3 parts separated by dots, this one has 2"
    );
    assert_eq!(
        unreadable(&four),
        "a JWT has 3 parts separated by dots, this one has 4"
    );
    assert_eq!(
        unreadable(&format!("{header}.not*base64.sig")),
        "the payload is not valid base64url"
    );
    assert_eq!(
        unreadable(&format!("{header}.{}.sig", b64("[1,2]"))),
        "the payload is JSON a list, not an object"
    );
    assert_eq!(
        unreadable(&format!("{header}.{}.sig", b64("{nope"))),
        "the payload is not JSON"
    );
    assert_eq!(
        unreadable(&format!("eyJ{}.{}.sig", "A".repeat(100_000), b64("{}"))),
        "the token has 97 KiB, more than the 16 KiB a JWT may have here"
    );
    assert_eq!(
        unreadable(&token(r#"{"iss":42}"#)),
        "iss is a number, not a string"
    );
    assert_eq!(
        unreadable(&token(r#"{"azp":["a"]}"#)),
        "azp is a list, not a string"
    );
    assert_eq!(
        unreadable(&token(r#"{"exp":"soon"}"#)),
        "exp is a string, not a number of seconds"
    );
    assert_eq!(
        unreadable(&token(r#"{"exp":253402300800}"#)),
        "exp is 253402300800, not a time between 1970 and the year 9999"
    );
    assert_eq!(
        unreadable(&token(r#"{"exp":-5}"#)),
        "exp is -5, not a time between 1970 and the year 9999"
    );
    assert_eq!(
        unreadable(&token(r#"{"exp":1e300}"#)),
        "exp is not a time in seconds"
    );
    assert_eq!(
        unreadable(&token(r#"{"featureScope":7}"#)),
        "featureScope is a number, not a string"
    );
}

#[test]
fn a_fractional_date_is_rounded_down() {
    let TokenContents::Claims(claims) = decode(&token(r#"{"exp":1800000300.9}"#)) else {
        panic!("not decoded");
    };
    assert_eq!(claims.expires_at, Some(1_800_000_300));
}

#[test]
fn expiry_against_the_clock() {
    let claims = TokenClaims {
        expires_at: Some(1_800_000_300),
        ..TokenClaims::default()
    };
    assert_eq!(claims.expiry(1_800_000_000), Expiry::ValidFor(300));
    assert_eq!(claims.expiry(1_800_000_300), Expiry::Expired(0));
    assert_eq!(claims.expiry(1_800_011_100), Expiry::Expired(10_800));
    assert_eq!(TokenClaims::default().expiry(0), Expiry::Unknown);
}

#[test]
fn times_read_as_people_say_them() {
    assert_eq!(human_seconds(42), "42 s");
    assert_eq!(human_seconds(245), "4 min 5 s");
    assert_eq!(human_seconds(10_800), "3 h 0 min");
    assert_eq!(human_seconds(86_400 * 12), "12 days");
    // 1800000000 is 2027-01-15T08:00:00Z (date -u -d @1800000000).
    assert_eq!(utc_time(1_800_000_000), "2027-01-15 08:00:00 UTC");
    assert_eq!(utc_time(0), "1970-01-01 00:00:00 UTC");
    assert_eq!(utc_time(MAX_NUMERIC_DATE), "9999-12-31 23:59:59 UTC");
    assert_eq!(utc_time(951_782_400), "2000-02-29 00:00:00 UTC");
}
