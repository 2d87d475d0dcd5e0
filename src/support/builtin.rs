//! The support and locale files compiled into the library, so the default data works with no
//! files at hand (in the browser, in the CLI, in tests).

/// `(file name, text)` of every built-in support file (`rules/support/*.toml`).
///
/// A test checks that this list matches the folder, so a new country file cannot be forgotten.
pub const BUILTIN_SUPPORT_FILES: &[(&str, &str)] = &[
    ("rules/support/ae.toml", include_str!("../../rules/support/ae.toml")),
    ("rules/support/eg.toml", include_str!("../../rules/support/eg.toml")),
    ("rules/support/gb.toml", include_str!("../../rules/support/gb.toml")),
    ("rules/support/iq.toml", include_str!("../../rules/support/iq.toml")),
    ("rules/support/jo.toml", include_str!("../../rules/support/jo.toml")),
    ("rules/support/kg.toml", include_str!("../../rules/support/kg.toml")),
    ("rules/support/kz.toml", include_str!("../../rules/support/kz.toml")),
    ("rules/support/lb.toml", include_str!("../../rules/support/lb.toml")),
    ("rules/support/ma.toml", include_str!("../../rules/support/ma.toml")),
    ("rules/support/ru.toml", include_str!("../../rules/support/ru.toml")),
    ("rules/support/sa.toml", include_str!("../../rules/support/sa.toml")),
    ("rules/support/tj.toml", include_str!("../../rules/support/tj.toml")),
    ("rules/support/uz.toml", include_str!("../../rules/support/uz.toml")),
    ("rules/support/zz.toml", include_str!("../../rules/support/zz.toml")),
];

/// `(file name, text)` of every built-in locale file (`rules/locales/*.toml`).
pub const BUILTIN_LOCALE_FILES: &[(&str, &str)] = &[
    ("rules/locales/ar.toml", include_str!("../../rules/locales/ar.toml")),
    ("rules/locales/en.toml", include_str!("../../rules/locales/en.toml")),
    ("rules/locales/kk.toml", include_str!("../../rules/locales/kk.toml")),
    ("rules/locales/ru.toml", include_str!("../../rules/locales/ru.toml")),
    ("rules/locales/uz.toml", include_str!("../../rules/locales/uz.toml")),
];
