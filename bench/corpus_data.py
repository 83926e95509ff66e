"""What bench/gen-corpus.py writes pages from: parallel English/Japanese
vocabulary, sentence and table templates, code samples, images, and the
minimal Hugo layouts of the equivalent Hugo site. Data only; kept apart so
the generator's logic stays readable."""

# ---------------------------------------------------------------------------
# Vocabulary: every list is parallel, index i in English means index i in
# Japanese.

NOUNS = [
    ("workspace", "ワークスペース"),
    ("project", "プロジェクト"),
    ("API key", "APIキー"),
    ("webhook", "Webhook"),
    ("invoice", "請求書"),
    ("billing plan", "料金プラン"),
    ("team member", "チームメンバー"),
    ("role", "ロール"),
    ("audit log", "監査ログ"),
    ("data export", "データエクスポート"),
    ("data import", "データインポート"),
    ("integration", "連携"),
    ("single sign-on", "シングルサインオン"),
    ("two-factor authentication", "二要素認証"),
    ("notification", "通知"),
    ("report", "レポート"),
    ("dashboard", "ダッシュボード"),
    ("custom domain", "独自ドメイン"),
    ("retention policy", "保持ポリシー"),
    ("backup", "バックアップ"),
    ("sandbox environment", "サンドボックス環境"),
    ("rate limit", "レート制限"),
    ("deployment", "デプロイ"),
    ("environment variable", "環境変数"),
    ("access token", "アクセストークン"),
    ("CLI profile", "CLIプロファイル"),
    ("SDK client", "SDKクライアント"),
    ("job queue", "ジョブキュー"),
    ("scheduled job", "スケジュールジョブ"),
    ("alert rule", "アラートルール"),
    ("usage quota", "使用量クォータ"),
    ("payment method", "支払い方法"),
    ("support ticket", "サポートチケット"),
    ("permission set", "権限セット"),
    ("service account", "サービスアカウント"),
    ("event stream", "イベントストリーム"),
    ("search index", "検索インデックス"),
    ("storage bucket", "ストレージバケット"),
    ("region", "リージョン"),
    ("status page", "ステータスページ"),
]

PLACES = [
    ("Settings", "設定"),
    ("Billing", "請求"),
    ("Members", "メンバー"),
    ("Security", "セキュリティ"),
    ("Developers", "開発者"),
    ("Integrations", "連携"),
    ("Reports", "レポート"),
    ("Audit log", "監査ログ"),
]

NUMBERS = [3, 5, 7, 10, 14, 30, 60, 90, 100, 250, 500, 1000]

# {a} and {b} are nouns, {n} a number, {s} a dashboard page, {code} an error
# number, {cli} a command, {prefix}/{id} an object id.
SENTENCES = [
    ("You can manage each {a} from the **{s}** page of the dashboard.",
     "各{a}はダッシュボードの**{s}**ページから管理できます。"),
    ("Only workspace owners and administrators can change the {a}.",
     "{a}を変更できるのは、ワークスペースのオーナーと管理者だけです。"),
    ("Changes to the {a} take effect within {n} minutes.",
     "{a}への変更は{n}分以内に反映されます。"),
    ("If the {a} is missing, check that the {b} is enabled for your workspace.",
     "{a}が表示されない場合は、ワークスペースで{b}が有効になっているか確認してください。"),
    ("{p} keeps a history of every change to the {a} for {n} days.",
     "{p}は{a}へのすべての変更履歴を{n}日間保持します。"),
    ("Before you begin, make sure you have access to the {b}.",
     "始める前に、{b}へのアクセス権があることを確認してください。"),
    ("The {a} is shared by everyone in the workspace, so agree on a naming scheme first.",
     "{a}はワークスペースの全員で共有されるため、最初に命名規則を決めておきましょう。"),
    ("Most teams create one {a} per environment and keep production separate from testing.",
     "多くのチームは環境ごとに{a}を1つ作成し、本番環境とテスト環境を分けています。"),
    ("When a request fails, the response includes an error code such as `E{code}` and a short message.",
     "リクエストが失敗すると、レスポンスには`E{code}`のようなエラーコードと短いメッセージが含まれます。"),
    ("You can also run `{cli}` to do this from a terminal.",
     "ターミナルから`{cli}`を実行して同じ操作もできます。"),
    ("We recommend reviewing the {a} at least once a quarter.",
     "{a}は少なくとも四半期に一度見直すことをおすすめします。"),
    ("Deleting the {a} cannot be undone, but you can export it first.",
     "{a}の削除は元に戻せませんが、事前にエクスポートできます。"),
    ("On the Business plan, the {a} and the {b} are billed separately.",
     "Businessプランでは、{a}と{b}は別々に請求されます。"),
    ("Each {a} can hold up to {n} items; contact support if you need more.",
     "各{a}には最大{n}件まで保存できます。それ以上必要な場合はサポートにお問い合わせください。"),
    ("Updates to the {a} are sent to every subscribed {b} in near real time.",
     "{a}の更新は、登録されているすべての{b}にほぼリアルタイムで送信されます。"),
    ("In version 3, the {a} moved to the **{s}** page.",
     "バージョン3では、{a}は**{s}**ページに移動しました。"),
    ("If you use the API, the same settings are available on the {a} endpoint.",
     "APIを使用している場合は、同じ設定を{a}エンドポイントで利用できます。"),
    ("A new {a} stays disabled until an administrator approves it.",
     "新しい{a}は、管理者が承認するまで無効のままです。"),
    ("Audit events for the {a} appear in the audit log within a few seconds.",
     "{a}の監査イベントは、数秒以内に監査ログに表示されます。"),
    ("Keep the {a} out of source control and rotate it regularly.",
     "{a}はソース管理に含めず、定期的に更新してください。"),
    ("The dashboard shows a warning when the {a} is close to its limit.",
     "{a}が上限に近づくと、ダッシュボードに警告が表示されます。"),
    ("Requests that exceed the limit receive status `429` and a `Retry-After` header.",
     "上限を超えたリクエストには、ステータス`429`と`Retry-After`ヘッダーが返されます。"),
    ("Time stamps are stored in UTC and shown in your browser's time zone.",
     "タイムスタンプはUTCで保存され、ブラウザのタイムゾーンで表示されます。"),
    ("To see which {a} a {b} belongs to, open it and look at the details panel.",
     "{b}がどの{a}に属しているかを確認するには、開いて詳細パネルを確認します。"),
    ("Large accounts usually split the {a} by team or by region.",
     "大規模なアカウントでは通常、{a}をチームやリージョンごとに分けています。"),
    ("The {a} is available on all plans, while the {b} requires the Business plan.",
     "{a}はすべてのプランで利用できますが、{b}にはBusinessプランが必要です。"),
    ("Our support team can restore a deleted {a} within {n} days.",
     "削除した{a}は、{n}日以内であればサポートチームが復元できます。"),
    ("Use a separate {a} for automated jobs, so that you can revoke it without locking people out.",
     "自動ジョブには別の{a}を使用すると、ユーザーに影響を与えずに無効化できます。"),
    ("Every {a} has an ID with a short prefix, for example `{prefix}_{id}`.",
     "各{a}には、`{prefix}_{id}`のような短い接頭辞付きのIDがあります。"),
    ("Sandbox data is deleted after {n} days without activity.",
     "サンドボックスのデータは、{n}日間操作がないと削除されます。"),
    ("The {b} reads the {a} once per minute, so a short delay after saving is normal.",
     "{b}は{a}を1分ごとに読み込むため、保存後に少し時間がかかるのは正常です。"),
    ("If you see the same error again after {n} minutes, open a support ticket and include the request ID.",
     "{n}分後にも同じエラーが表示される場合は、リクエストIDを添えてサポートチケットを作成してください。"),
    ("Exports of the {a} are available as CSV and JSON.",
     "{a}のエクスポートはCSVとJSONで利用できます。"),
    ("The {a} inherits its permissions from the {b} unless you override them.",
     "{a}は、上書きしない限り{b}の権限を引き継ぎます。"),
    ("Mobile apps show the {a} read-only; use the web dashboard to change it.",
     "モバイルアプリでは{a}は読み取り専用です。変更するにはWebダッシュボードを使用してください。"),
    ("Status changes of the {a} are also posted to the {b}.",
     "{a}のステータス変更は{b}にも通知されます。"),
]

CALLOUT_KINDS = ["NOTE", "TIP", "IMPORTANT", "WARNING"]

STEPS = [
    ("Open **{s}** and select the {a}.", "**{s}**を開き、{a}を選択します。"),
    ("Choose **Edit** and update the fields you need.", "**編集**を選び、必要な項目を更新します。"),
    ("Save your changes and check the {b}.", "変更を保存し、{b}を確認します。"),
    ("Copy the ID of the {a}.", "{a}のIDをコピーします。"),
    ("Confirm with your password or security key.", "パスワードまたはセキュリティキーで確認します。"),
    ("Wait until the status changes to **Active**.", "ステータスが**有効**に変わるまで待ちます。"),
    ("Repeat these steps for each {b}.", "{b}ごとにこの手順を繰り返します。"),
    ("Invite the people who need access to the {a}.", "{a}へのアクセスが必要なユーザーを招待します。"),
    ("Select **Create** and give the {a} a name.", "**作成**を選択し、{a}に名前を付けます。"),
    ("Turn on **Send a test event** to try the {b}.", "**テストイベントを送信**をオンにして{b}を試します。"),
]

BULLETS = [
    ("The name of the {a}", "{a}の名前"),
    ("Who created the {a}, and when", "{a}の作成者と作成日時"),
    ("The {b} it belongs to", "所属する{b}"),
    ("Its current status and the last error", "現在のステータスと直近のエラー"),
    ("The number of requests in the last {n} days", "過去{n}日間のリクエスト数"),
    ("Any tags you added to the {a}", "{a}に追加したタグ"),
    ("The region where the {a} is stored", "{a}が保存されているリージョン"),
    ("Who is notified when the {a} changes", "{a}が変更されたときの通知先"),
]

H2 = [
    ("Before you begin", "始める前に"),
    ("Overview", "概要"),
    ("How it works", "仕組み"),
    ("Configure the {a}", "{a}を設定する"),
    ("Create the {a}", "{a}を作成する"),
    ("Limits and quotas", "制限とクォータ"),
    ("Permissions", "権限"),
    ("Troubleshooting", "トラブルシューティング"),
    ("Next steps", "次のステップ"),
    ("Examples", "例"),
    ("Using the API", "APIの使用"),
    ("Using the CLI", "CLIの使用"),
    ("Security considerations", "セキュリティに関する考慮事項"),
    ("Billing", "請求"),
    ("Known issues", "既知の問題"),
    ("Related settings", "関連する設定"),
    ("Monitor the {a}", "{a}を監視する"),
    ("Delete the {a}", "{a}を削除する"),
    ("Error codes", "エラーコード"),
    ("Migrating from version 2", "バージョン2からの移行"),
    ("Frequently used options", "よく使うオプション"),
    ("Connect the {a} to the {b}", "{a}を{b}に接続する"),
]

H3 = [
    ("In the dashboard", "ダッシュボードで"),
    ("With the CLI", "CLIで"),
    ("With the API", "APIで"),
    ("Example request", "リクエストの例"),
    ("Example response", "レスポンスの例"),
    ("Common errors", "よくあるエラー"),
    ("Team plan", "Teamプラン"),
    ("Business plan", "Businessプラン"),
    ("Default values", "デフォルト値"),
    ("Things to check", "確認事項"),
]

LINK_SENTENCES = [
    ("For details, see {link}.", "詳しくは{link}を参照してください。"),
    ("If you are new to this, start with {link}.", "初めての場合は、{link}から始めてください。"),
    ("The same setting is described in {link}.", "同じ設定については{link}で説明しています。"),
    ("You can find the complete list in {link}.", "一覧は{link}にあります。"),
    ("Teams that automate this usually read {link} next.", "この作業を自動化するチームは、次に{link}を読んでいます。"),
]

TABLE_KINDS = {
    "settings": (("Setting", "設定項目"), ("Default", "デフォルト"), ("Description", "説明")),
    "plans": (("Plan", "プラン"), ("Limit", "上限"), ("Notes", "備考")),
    "errors": (("Code", "コード"), ("HTTP status", "HTTPステータス"), ("Meaning", "意味")),
}
SETTING_DESCRIPTIONS = [
    ("Turns the {a} on or off", "{a}の有効/無効を切り替えます"),
    ("How long the {a} is kept", "{a}を保持する期間"),
    ("Who is notified when the {a} changes", "{a}が変更されたときの通知先"),
    ("Maximum number of items per {a}", "{a}あたりの最大件数"),
    ("Region where the {a} is stored", "{a}を保存するリージョン"),
    ("Whether the {b} may read the {a}", "{b}が{a}を読み取れるかどうか"),
]
SETTING_KEYS = ["enabled", "retention_days", "notify", "max_items", "region", "shared"]
SETTING_DEFAULTS = ["`true`", "`30`", "`owners`", "`100`", "`eu-west-1`", "`false`"]
PLAN_ROWS = [("Free", "Free"), ("Team", "Team"), ("Business", "Business"), ("Enterprise", "Enterprise")]
PLAN_NOTES = [
    ("Shared with the whole workspace", "ワークスペース全体で共有"),
    ("Counted per {a}", "{a}ごとにカウント"),
    ("Can be raised on request", "申請により引き上げ可能"),
    ("Includes the {b}", "{b}を含む"),
]
ERROR_MEANINGS = [
    ("The {a} does not exist", "{a}が存在しません"),
    ("You do not have permission to change the {a}", "{a}を変更する権限がありません"),
    ("The {a} is locked by another request", "{a}は別のリクエストによってロックされています"),
    ("The {a} has reached its limit", "{a}が上限に達しました"),
    ("The request is missing a required field", "リクエストに必須フィールドがありません"),
]
HTTP_STATUS = ["400", "403", "404", "409", "422", "429"]

IMAGES = [
    ("flow.svg", "Diagram: a request goes from your app to the {p} API, which stores the {a} and notifies your webhook",
     "図: アプリから{p} APIにリクエストが送られ、{a}が保存されてWebhookに通知されます"),
    ("roles.svg", "Diagram: owners manage administrators, and administrators manage members and the {a}",
     "図: オーナーが管理者を管理し、管理者がメンバーと{a}を管理します"),
    ("regions.svg", "Map of the three {p} regions, with the {a} stored in the region you choose",
     "{p}の3つのリージョンの地図。{a}は選択したリージョンに保存されます"),
]

CATEGORIES = [
    ("Account", "アカウント"),
    ("Billing and plans", "請求とプラン"),
    ("Security", "セキュリティ"),
    ("Team management", "チーム管理"),
    ("Integrations", "連携"),
    ("API and developers", "APIと開発者"),
    ("Data and privacy", "データとプライバシー"),
    ("Notifications", "通知"),
    ("Reports", "レポート"),
    ("Troubleshooting", "トラブルシューティング"),
    ("Mobile app", "モバイルアプリ"),
    ("Getting started", "はじめに"),
]

DOC_GROUPS = [
    ("getting-started", ("Getting started", "はじめに")),
    ("concepts", ("Concepts", "概念")),
    ("api", ("REST API", "REST API")),
    ("cli", ("Command line", "コマンドライン")),
    ("sdks", ("SDKs", "SDK")),
    ("administration", ("Administration", "管理")),
    ("security", ("Security", "セキュリティ")),
    ("integrations", ("Integrations", "連携")),
    ("operations", ("Operations", "運用")),
    ("data", ("Data management", "データ管理")),
    ("billing", ("Billing", "課金")),
    ("reference", ("Reference", "リファレンス")),
]

GUIDE_TITLES = [
    ("Set up the {a}", "{a}を設定する"),
    ("Get started with the {a}", "{a}を使い始める"),
    ("Migrate the {a} to {p} 3", "{a}を{p} 3に移行する"),
    ("Automate the {a} with the CLI", "CLIで{a}を自動化する"),
    ("Troubleshoot problems with the {a}", "{a}のトラブルシューティング"),
    ("Manage the {a} for a large team", "大規模チームで{a}を管理する"),
    ("Monitor the {a} in production", "本番環境で{a}を監視する"),
    ("Secure the {a}", "{a}を保護する"),
    ("Connect the {a} to the {b}", "{a}を{b}に接続する"),
]
FAQ_TITLES = [
    ("Why does the {a} show an error?", "{a}にエラーが表示されるのはなぜですか？"),
    ("Can I delete the {a}?", "{a}は削除できますか？"),
    ("How do I change the {a}?", "{a}を変更するにはどうすればよいですか？"),
    ("Who can see the {a}?", "{a}は誰が閲覧できますか？"),
    ("Is there a limit on the {a}?", "{a}に上限はありますか？"),
    ("What happens to the {a} when I cancel?", "解約すると{a}はどうなりますか？"),
    ("How do I restore the {a}?", "{a}を復元するにはどうすればよいですか？"),
    ("Why is the {a} not updating?", "{a}が更新されないのはなぜですか？"),
    ("Can I move the {a} to another {b}?", "{a}を別の{b}に移動できますか？"),
]
DOC_TITLES = [
    ("The {a} object", "{a}オブジェクト"),
    ("Create the {a}", "{a}の作成"),
    ("List and filter the {a}", "{a}の一覧と絞り込み"),
    ("Update the {a}", "{a}の更新"),
    ("Delete the {a}", "{a}の削除"),
    ("Limits of the {a}", "{a}の制限"),
    ("Configuration of the {a}", "{a}の設定"),
    ("Events of the {a}", "{a}のイベント"),
    ("Errors of the {a}", "{a}のエラー"),
    ("Permissions for the {a}", "{a}の権限"),
    ("Migrate the {a}", "{a}の移行"),
    ("Best practices for the {a}", "{a}のベストプラクティス"),
    ("Use the {a} with the {b}", "{a}を{b}と組み合わせて使う"),
]
TITLE_SUFFIXES = [("", ""), (" (part {k})", "（パート{k}）")]

DESCRIPTIONS = [
    ("Everything about the {a}: what it does, who can change it and how it is billed.",
     "{a}の機能、変更できるユーザー、請求の仕組みについて説明します。"),
    ("How the {a} works together with the {b}, with examples for the dashboard, the CLI and the API.",
     "{a}と{b}の連携について、ダッシュボード、CLI、APIの例とともに説明します。"),
    ("Answers and steps for the {a}, including limits and common errors.",
     "{a}の制限やよくあるエラーを含む、回答と手順です。"),
]

# Code samples. @name@ snake_case noun, @Name@ PascalCase, @camel@ camelCase,
# @kebab@ kebab-case, @num@ a number, @prefix@/@id@ an object id.
CODE = {
    "rust": [
        """use tessera::{Client, Error};

fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let @name@ = client.@name@s().get("@prefix@_@id@")?;
    println!("{} is {:?}", @name@.id, @name@.status);
    for item in client.@name@s().list().limit(@num@).send()? {
        println!("{}", item.name);
    }
    Ok(())
}""",
        """#[derive(Debug, serde::Deserialize)]
pub struct @Name@ {
    pub id: String,
    pub status: Status,
    pub retention_days: u32,
}

impl @Name@ {
    /// Whether the @name@ can still be changed.
    pub fn is_editable(&self) -> bool {
        matches!(self.status, Status::Active) && self.retention_days <= @num@
    }
}""",
    ],
    "typescript": [
        """import { Tessera } from "@tessera/sdk";

const client = new Tessera({ token: process.env.TESSERA_TOKEN });

export async function update@Name@(id: string): Promise<void> {
  const @camel@ = await client.@camel@s.retrieve(id);
  if (@camel@.status !== "active") {
    throw new Error(`@Name@ ${id} is ${@camel@.status}`);
  }
  await client.@camel@s.update(id, { maxItems: @num@ });
}""",
        """type @Name@Event = {
  id: string;
  type: "@name@.created" | "@name@.updated" | "@name@.deleted";
  createdAt: string;
};

export function handle(event: @Name@Event): string {
  switch (event.type) {
    case "@name@.created":
      return `new @kebab@ ${event.id}`;
    default:
      return `@kebab@ ${event.id} changed`;
  }
}""",
    ],
    "toml": [
        """[@name@]
enabled = true
region = "eu-west-1"
max_items = @num@

[@name@.notifications]
email = ["ops@example.com"]
on_failure = true""",
    ],
    "bash": [
        """tessera login --profile production
tessera @kebab@ list --limit @num@ --format json
tessera @kebab@ update @prefix@_@id@ --enabled=true""",
        """export TESSERA_TOKEN="$(cat ~/.config/tessera/token)"
curl -sS https://api.tessera.example/v3/@name@s?limit=@num@ \\
  -H "Authorization: Bearer $TESSERA_TOKEN" | jq '.data[].id'""",
    ],
    "json": [
        """{
  "id": "@prefix@_@id@",
  "object": "@name@",
  "status": "active",
  "created_at": "2025-03-14T09:26:53Z",
  "limits": { "max_items": @num@ },
  "tags": ["production", "eu"]
}""",
    ],
    "yaml": [
        """@name@:
  enabled: true
  retention_days: @num@
  notify:
    - channel: email
      to: ops@example.com
    - channel: webhook
      url: https://hooks.example.com/tessera""",
    ],
    "python": [
        """from tessera import Client

client = Client.from_env()
for @name@ in client.@name@s.list(limit=@num@):
    if @name@.status == "failed":
        print(@name@.id, @name@.last_error)""",
        """import hmac
import hashlib


def verify_@name@_signature(secret: bytes, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)""",
    ],
}
CODE_LANGS = sorted(CODE)

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 120" width="480" height="120" role="img" aria-labelledby="t">
  <title id="t">{title}</title>
  <rect x="10" y="30" width="120" height="60" rx="8" fill="#eef4ff" stroke="#0b57d0" stroke-width="2"/>
  <rect x="180" y="30" width="120" height="60" rx="8" fill="#eef4ff" stroke="#0b57d0" stroke-width="2"/>
  <rect x="350" y="30" width="120" height="60" rx="8" fill="#eef4ff" stroke="#0b57d0" stroke-width="2"/>
  <path d="M130 60h50M300 60h50" stroke="#5f6b7a" stroke-width="2"/>
</svg>
"""
LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32"><rect width="32" height="32" rx="6" fill="#0b57d0"/><path d="M8 10h16v4h-6v12h-4V14H8z" fill="#fff"/></svg>
"""


# A minimal theme doing what Portico's default theme does for the content:
# resolve .md links, table of contents, docs sidebar of the whole version with
# the current page marked, prev/next, hreflang alternates, breadcrumbs, and
# category pages carrying every FAQ answer.
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="/css/site.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav aria-label="Sections"><ul>{{ range site.Home.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
{{ with .Translations }}<nav aria-label="Languages"><ul>{{ range . }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav>{{ end }}
</header>
<main id="main">
{{ if not .IsHome }}<nav aria-label="Breadcrumb"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol></nav>{{ end }}
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Lastmod.Format "2006-01-02" }} · {{ .ReadingTime }} min</p>
{{ if ne .Section "faq" }}<nav aria-label="On this page">{{ .TableOfContents }}</nav>{{ end }}
{{ .Content }}
<nav aria-label="More articles">
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>
{{ end }}
</ul>
{{ end }}
""",
    "_default/term.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range .Pages }}
{{ if eq .Section "faq" }}<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ .Content }}</section>
{{ else }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
{{ end }}
{{ end }}
""",
    "docs/single.html": """{{ define "main" }}
{{ partial "docs-sidebar.html" . }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Lastmod.Format "2006-01-02" }} · {{ .ReadingTime }} min</p>
<nav aria-label="On this page">{{ .TableOfContents }}</nav>
{{ .Content }}
<nav aria-label="More articles">
{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
</article>
{{ end }}
""",
    "docs/list.html": """{{ define "main" }}
{{ partial "docs-sidebar.html" . }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>
{{ end }}
</ul>
{{ end }}
""",
    # The tree of a version is rendered once per language and version
    # (partialCached, as Docsy does for large sites) and the current page is
    # marked by a string replace: the same HTML as rendering it per page.
    "partials/docs-sidebar.html": """{{ $parts := split (strings.TrimSuffix "/" .File.Dir) "/" }}
{{ if ge (len $parts) 2 }}{{ $ver := index $parts 1 }}
{{ with site.GetPage (printf "/docs/%s" $ver) }}
{{ $tree := partialCached "tree.html" . .Lang $ver }}
{{ $here := printf `href="%s">` $.RelPermalink }}
<nav aria-label="Documentation">{{ replace $tree $here (printf `href="%s" aria-current="page">` $.RelPermalink) | safeHTML }}</nav>
{{ end }}{{ end }}
""",
    "partials/tree.html": """<ul>{{ range .Pages }}<li>{{ if .IsSection }}<details open><summary><a href="{{ .RelPermalink }}">{{ .Title }}</a></summary>{{ partial "tree.html" . }}</details>{{ else }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</li>{{ end }}</ul>""",
    "_default/_markup/render-link.html": """{{- $dest := .Destination -}}
{{- $u := urls.Parse $dest -}}
{{- if and (not $u.Scheme) (strings.HasSuffix $u.Path ".md") -}}
{{- with site.GetPage (path.Join "/" .Page.File.Dir $u.Path) -}}
{{- $dest = .RelPermalink -}}{{- with $u.Fragment -}}{{- $dest = printf "%s#%s" $dest . -}}{{- end -}}
{{- else -}}{{- errorf "%s: broken link %s" $.Page.File.Path $dest -}}{{- end -}}
{{- end -}}
<a href="{{ $dest | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* keep */ -}}
""",
}
