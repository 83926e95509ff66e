//! `portico new DIR`: a small working site — config, both languages, one page
//! per section — that builds as it is and shows each convention once.

use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "portico.yaml",
        "# Portico site configuration. See the README for every key.\ntitle: My Help Center\ndescription: Answers, guides and documentation.\nbase_url: https://help.example.com\ndefault_language: en\nlanguages:\n  - code: en\n    name: English\n  - code: ja\n    name: 日本語\nbrand:\n  name: My Company\n  logo: /images/logo.svg\n  logo_alt: My Company\n  colors:\n    primary: \"#1d4ed8\"\ndocs:\n  versions:\n    - name: v1\n      label: \"1.x\"\n      latest: true\n",
    ),
    ("content/en/_index.md", "---\ntitle: How can we help?\ndescription: Answers, guides and documentation.\n---\nSearch the help center or browse a section below.\n"),
    ("content/ja/_index.md", "---\ntitle: お困りですか?\ndescription: よくある質問、ガイド、ドキュメント。\n---\nヘルプセンターを検索するか、下のセクションをご覧ください。\n"),
    ("content/en/faq/reset-password.md", "---\ntitle: How do I reset my password?\ncategory: Account\nweight: 1\n---\nChoose **Forgot password** on the sign-in page and follow the link we email you.\nThe link is valid for one hour.\n"),
    ("content/ja/faq/reset-password.md", "---\ntitle: パスワードを再設定するには?\ncategory: アカウント\nweight: 1\n---\nサインインページで **パスワードをお忘れですか** を選び、メールで届くリンクを開いてください。\nリンクの有効期限は1時間です。\n"),
    ("content/en/guides/getting-started.md", "---\ntitle: Getting started\ndescription: Set up your account in five minutes.\nweight: 1\n---\n## Create an account\n\nSign up, then invite your team. If you forget your password, see\n[resetting a password](../faq/reset-password.md).\n\n```bash\ncurl https://api.example.com/v1/ping\n```\n"),
    ("content/ja/guides/getting-started.md", "---\ntitle: はじめに\ndescription: 5分でアカウントを設定します。\nweight: 1\n---\n## アカウントを作成する\n\n登録してチームを招待します。パスワードを忘れた場合は\n[パスワードの再設定](../faq/reset-password.md)をご覧ください。\n\n```bash\ncurl https://api.example.com/v1/ping\n```\n"),
    ("content/en/docs/v1/_index.md", "---\ntitle: Documentation 1.x\n---\nReference documentation for version 1.\n"),
    ("content/ja/docs/v1/_index.md", "---\ntitle: ドキュメント 1.x\n---\nバージョン1のリファレンスです。\n"),
    ("content/en/docs/v1/installation.md", "---\ntitle: Installation\nweight: 1\n---\n## Requirements\n\nAny current browser.\n"),
    ("content/ja/docs/v1/installation.md", "---\ntitle: インストール\nweight: 1\n---\n## 必要なもの\n\n最新のブラウザー。\n"),
    ("static/images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\" width=\"32\" height=\"32\"><title>Logo</title><rect width=\"32\" height=\"32\" rx=\"6\" fill=\"#1d4ed8\"/><path d=\"M9 16h14M16 9v14\" stroke=\"#fff\" stroke-width=\"3\"/></svg>\n"),
    (".gitignore", "/public/\n/.portico/\n"),
];

/// Writes the starter site into `dir`, which must not exist or be empty.
pub fn new_site(dir: &Path) -> Result<usize, String> {
    if dir.exists() && dir.read_dir().map_err(|e| e.to_string())?.next().is_some() {
        return Err(format!(
            "{} already exists and is not empty; choose a new folder",
            dir.display()
        ));
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(FILES.len())
}
