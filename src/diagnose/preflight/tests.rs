//! Pre-flight table: (form) → expected finding ids and fixes; and that no finding quotes the
//! token.

use super::*;

const ID: &str = "token-FQ1V12";
const TOKEN: &str = "e68ead46-a7db-46cd-8a1a-44aed1e4e372";

fn personal(token_id: &str, token: &str) -> Vec<(&'static str, Option<Fix>)> {
    preflight(FormInput::Personal { token_id, token })
        .into_iter()
        .map(|(f, fix)| (f.id, fix))
        .collect()
}

/// (token id, token) → expected (finding id, fix) pairs.
type Row<'a> = ((&'a str, &'a str), Vec<(&'static str, Option<Fix>)>);

#[test]
fn the_preflight_table() {
    let basic = "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==";
    let bare = &basic["Basic ".len()..];
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3MCJ9.c2lnbmF0dXJl";
    let table: Vec<Row> = vec![
        ((ID, TOKEN), vec![]),
        ((ID, "E68EAD46-A7DB-46CD-8A1A-44AED1E4E372"), vec![]),
        (
            ("", ""),
            vec![("input.token-id-empty", None), ("input.token-empty", None)],
        ),
        (("token-ABC", TOKEN), vec![("input.token-id-format", None)]),
        (("FQ1V12", TOKEN), vec![("input.token-id-format", None)]),
        ((ID, "hunter2"), vec![("input.token-format", None)]),
        (
            (ID, "e68ead46-a7db-46cd-8a1a-44aed1e4e372\n"),
            vec![("input.whitespace", Some(Fix::Trim(FormField::Token)))],
        ),
        (
            (" token-FQ1V12", TOKEN),
            vec![("input.whitespace", Some(Fix::Trim(FormField::TokenId)))],
        ),
        ((TOKEN, ID), vec![("input.swapped", Some(Fix::Swap))]),
        (
            (basic, ""),
            vec![
                ("input.token-empty", None),
                (
                    "input.basic-pasted",
                    Some(Fix::SplitBasic(FormField::TokenId)),
                ),
            ],
        ),
        (
            (ID, bare),
            vec![(
                "input.basic-pasted",
                Some(Fix::SplitBasic(FormField::Token)),
            )],
        ),
        (
            (ID, jwt),
            vec![(
                "input.jwt-in-pat",
                Some(Fix::MoveToBearer(FormField::Token)),
            )],
        ),
        (
            (ID, "e68ead46\u{200b}-a7db-46cd-8a1a-44aed1e4e372"),
            vec![(
                "input.invisible",
                Some(Fix::RemoveInvisible(FormField::Token)),
            )],
        ),
        (
            ("token-FQ1V12\u{a0}", TOKEN),
            vec![(
                "input.invisible",
                Some(Fix::RemoveInvisible(FormField::TokenId)),
            )],
        ),
    ];
    for ((id, token), expected) in table {
        assert_eq!(personal(id, token), expected, "for {id:?} / {token:?}");
    }
}

#[test]
fn bearer_form_checks() {
    let found: Vec<_> = preflight(FormInput::Bearer { access_token: "" })
        .into_iter()
        .map(|(f, _)| f.id)
        .collect();
    assert_eq!(found, vec!["input.access-token-empty"]);
    let found: Vec<_> = preflight(FormInput::Bearer {
        access_token: "abc.def.ghi\n",
    })
    .into_iter()
    .map(|(f, fix)| (f.id, fix))
    .collect();
    assert_eq!(
        found,
        vec![("input.whitespace", Some(Fix::Trim(FormField::AccessToken)))]
    );
}

#[test]
fn findings_point_at_positions_never_at_the_token() {
    let token = "e68ead46\u{200b}-a7db-46cd-8a1a-44aed1e4e372 ";
    for (finding, _) in preflight(FormInput::Personal {
        token_id: TOKEN,
        token,
    }) {
        let text = format!(
            "{} {} {:?}",
            finding.title, finding.explanation, finding.steps
        );
        assert!(!text.contains("e68ead46"), "{text}");
        assert!(!text.contains("a7db"), "{text}");
    }
    let findings = preflight(FormInput::Personal {
        token_id: ID,
        token,
    });
    let (finding, _) = findings
        .iter()
        .find(|(f, _)| f.id == "input.invisible")
        .expect("invisible finding");
    assert!(
        finding
            .explanation
            .contains("position 9 (U+200B zero-width space)"),
        "{}",
        finding.explanation
    );
}

#[test]
fn decodes_pasted_basic_credentials() {
    let basic = "Basic dG9rZW4tRlExVjEyOmU2OGVhZDQ2LWE3ZGItNDZjZC04YTFhLTQ0YWVkMWU0ZTM3Mg==";
    assert_eq!(decode_basic(basic), Some((ID.to_owned(), TOKEN.to_owned())));
    assert_eq!(
        decode_basic("aGVsbG8gd29ybGQ="),
        None,
        "random base64 is not a credential"
    );
    assert_eq!(decode_basic("not base64"), None);
}

#[test]
fn formats() {
    assert!(is_token_id("token-FQ1V12"));
    assert!(!is_token_id("token-FQ1V1"));
    assert!(!is_token_id("token-FQ1V12X"));
    assert!(!is_token_id("token-FQ1V1!"));
    assert!(is_uuid(TOKEN));
    assert!(is_uuid("E68EAD46-A7DB-46CD-8A1A-44AED1E4E372"));
    assert!(!is_uuid("e68ead46a7db46cd8a1a44aed1e4e372"));
    assert_eq!(remove_invisible(" a\u{200b}b\u{a0}c\n"), "abc");
    // Visible non-ASCII stays (the finding names it); every other space goes.
    assert_eq!(remove_invisible("aü\u{200b}"), "aü");
    assert_eq!(remove_invisible("a\u{2003}b\u{3000}c"), "abc");
}

/// A JWT with this payload (base64url written out by hand: `{"alg":"RS256"}` and the payload).
fn jwt(payload_b64: &str) -> String {
    format!("eyJhbGciOiJSUzI1NiJ9.{payload_b64}.c2lnbmF0dXJl")
}

/// `{"exp":1800000300,"iss":"https://login.sipgate.com/auth/realms/third-party","azp":"crm"}`
const THIRD_PARTY: &str = "eyJleHAiOjE4MDAwMDAzMDAsImlzcyI6Imh0dHBzOi8vbG9naW4uc2lwZ2F0ZS5jb20vYXV0aC9yZWFsbXMvdGhpcmQtcGFydHkiLCJhenAiOiJjcm0ifQ";

fn bearer_at(access_token: &str, now: Option<u64>) -> Vec<(&'static str, String)> {
    let now = now.map(|s| SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(s));
    preflight_at(FormInput::Bearer { access_token }, now)
        .into_iter()
        .map(|(f, _)| (f.id, f.title))
        .collect()
}

#[test]
fn an_oauth_tokens_expiry_and_realm_are_judged_before_sending() {
    let token = jwt(THIRD_PARTY);
    let realm = (
        "token.realm-third-party",
        "Issued by the realm third-party (client crm)".to_owned(),
    );
    // Valid for 300 s: only the realm.
    assert_eq!(bearer_at(&token, Some(1_800_000_000)), vec![realm.clone()]);
    // 20 s left: a warning.
    assert_eq!(
        bearer_at(&token, Some(1_800_000_280)),
        vec![
            (
                "token.expiring",
                "The access token expires in 20 s".to_owned()
            ),
            realm.clone()
        ]
    );
    // Three hours after exp: an error that blocks sending.
    assert_eq!(
        bearer_at(&token, Some(1_800_011_100))[0],
        (
            "token.expired",
            "The access token expired 3 h 0 min ago: sign in again or refresh".to_owned()
        )
    );
    let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_011_100);
    assert!(blocks_sending(&preflight_at(
        FormInput::Bearer {
            access_token: &token
        },
        Some(at)
    )));
    // Without a clock nothing is said about expiry.
    assert_eq!(bearer_at(&token, None), vec![realm]);
}

#[test]
fn opaque_and_unreadable_tokens() {
    // An opaque token: no warning at all.
    assert_eq!(
        bearer_at("e68ead46-a7db-46cd-8a1a-44aed1e4e372", Some(1_800_000_000)),
        vec![]
    );
    // `{"exp":-5}`: unreadable, and never called expired.
    assert_eq!(
        bearer_at(&jwt("eyJleHAiOi01fQ"), Some(1_800_000_000)),
        vec![(
            "token.unreadable",
            "Access token claims unreadable: exp is -5, not a time between 1970 and the year 9999"
                .to_owned()
        )]
    );
    // Two segments.
    assert_eq!(
        bearer_at("eyJhbGciOiJSUzI1NiJ9.e30", Some(1_800_000_000)),
        vec![(
            "token.unreadable",
            "Access token claims unreadable: a JWT has 3 parts separated by dots, this one has 2"
                .to_owned()
        )]
    );
}

#[test]
fn fixes_say_what_they_do() {
    assert_eq!(Fix::Trim(FormField::TokenId).describe(), "trim Token ID");
    assert_eq!(Fix::Trim(FormField::Token).describe(), "trim Token");
    assert_eq!(
        Fix::RemoveInvisible(FormField::AccessToken).describe(),
        "remove the invisible characters from Access token"
    );
    assert_eq!(Fix::Swap.describe(), "swap Token ID and Token");
    assert_eq!(
        Fix::SplitBasic(FormField::Token).describe(),
        "split it into Token ID and Token"
    );
    assert_eq!(
        Fix::MoveToBearer(FormField::Token).describe(),
        "use it as an OAuth access token"
    );
}

fn explanation(token_id: &str, token: &str, id: &str) -> String {
    preflight(FormInput::Personal { token_id, token })
        .into_iter()
        .find(|(f, _)| f.id == id)
        .unwrap_or_else(|| panic!("no {id} for {token_id:?} / {token:?}"))
        .0
        .explanation
}

#[test]
fn findings_describe_the_shape_they_found() {
    assert!(
        explanation("token-AB", TOKEN, "input.token-id-format")
            .contains("; this one has 2 characters after token-."),
    );
    assert!(
        explanation("tokenAB12CD", TOKEN, "input.token-id-format")
            .contains("; this one does not start with token-."),
    );
    assert_eq!(
        explanation(
            ID,
            "  e68ead46-a7db-46cd-8a1a-44aed1e4e372\n",
            "input.whitespace"
        ),
        "Token contains whitespace including a line break: 2 at the start, 1 at the end, \
         common after copying from a terminal, an e-mail or a password manager. It is sent \
         exactly as entered, so sipgate would see different credentials."
    );
    assert!(
        explanation(" token-FQ1V12", TOKEN, "input.whitespace")
            .starts_with("Token ID contains whitespace: 1 at the start, common")
    );
}

#[test]
fn two_uuids_are_not_a_swap() {
    // Only a UUID in the id field and a token id in the token field is a swap.
    let found = personal(TOKEN, TOKEN);
    assert!(
        !found.iter().any(|(id, _)| *id == "input.swapped"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(id, _)| *id == "input.token-id-format"),
        "{found:?}"
    );
}

#[test]
fn a_basic_credential_needs_the_id_or_the_token_in_sipgates_shape() {
    use base64::Engine as _;
    let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    assert_eq!(
        decode_basic(&encode("token-FQ1V12:not-a-uuid")),
        Some(("token-FQ1V12".to_owned(), "not-a-uuid".to_owned()))
    );
    assert_eq!(
        decode_basic(&encode(&format!("someone:{TOKEN}"))),
        Some(("someone".to_owned(), TOKEN.to_owned()))
    );
    assert_eq!(decode_basic(&encode("someone:something")), None);
}

#[test]
fn odd_characters_are_named_by_position() {
    let detail = |token: &str| {
        explanation(ID, token, "input.invisible")
            .strip_prefix("Found at ")
            .and_then(|e| e.split_once(". ").map(|(d, _)| d.to_owned()))
            .expect("Found at {detail}. …")
    };
    assert_eq!(
        detail("a\u{200c}b\u{200d}c\u{feff}d\u{a0}e f"),
        "position 2 (U+200C zero-width non-joiner), position 4 (U+200D zero-width joiner), \
         position 6 (U+FEFF byte order mark), position 8 (U+00A0 no-break space), \
         position 10 (U+0020 space)"
    );
    assert_eq!(
        detail("a\tb\rc\u{1}dü"),
        "position 2 (U+0009 tab), position 4 (U+000D line break), \
         position 6 (U+0001 control character), position 8 (U+00FC non-ASCII character)"
    );
    assert_eq!(
        explanation(
            ID,
            "e68ead46-a7db-46cd-8a1a-44aed1e4e372 ",
            "input.whitespace"
        ),
        "Token contains whitespace: 1 at the end, common after copying from a terminal, an \
         e-mail or a password manager. It is sent exactly as entered, so sipgate would see \
         different credentials."
    );
}
