#!/usr/bin/env python3
"""Deterministic help-center corpus for benchmarks: one Portico site and, on
request, the equivalent Hugo site built from the same markdown bodies.

    bench/gen-corpus.py --pages N --langs en|en,ja --seed S \
        --portico-out DIR [--hugo-out DIR]

N counts every markdown file (section `_index.md` files included) across all
languages, split evenly (the first language takes the remainder). Each language
holds the same paths, so pages are translations of each other. Sections: FAQ,
guides, and docs in three versions (v1 archived, v2, v3 latest), each version
with the same topic groups and, for older versions, a subset of the pages.

Articles have 300-1,500 words of help-center prose built from parallel English
and Japanese sentence lists (the Japanese page says what the English one says),
h2/h3 headings, step and bullet lists, tables with header rows, callouts,
fenced code in rust/typescript/toml/bash/json/yaml/python, a few SVG images
with alt text, and links to other pages and their headings that all resolve.
FAQ answers have no headings: Portico gathers every answer of a category onto
one page, where repeated heading ids would collide.

What this is not: a content fixture for tests (use content/), nor random
noise. Python 3.11 standard library only; the same arguments give the same
bytes. Output folders are replaced only if they are empty or were written by
this script. On success it prints one summary line and nothing else.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

MARKER = ".gen-corpus"
PRODUCT = "Tessera"

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

# ---------------------------------------------------------------------------
# Site plan: which pages exist (the same for every language with the same
# page count).


@dataclass
class Page:
    path: str  # relative to content/<lang>/, e.g. "guides/set-up-the-api-key.md"
    kind: str  # home, section, version, group, faq, guide, doc
    title: tuple[str, str]
    noun: int
    noun2: int
    weight: int = 0
    version: str = ""
    group: str = ""
    category: int = 0
    words: int = 0
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # (en, ja, id)
    children: list[int] = field(default_factory=list)


def slugify(text: str) -> str:
    """Portico's and Hugo's id for ASCII heading text (letters, digits, - and _ kept)."""
    out = []
    for c in text.strip():
        if c.isalnum() or c in "_-":
            out.append(c.lower())
        elif c.isspace() and (not out or out[-1] != "-"):
            out.append("-")
    return "".join(out).strip("-") or "section"


def fill(t: str, lang: int, a: int, b: int, **kw) -> str:
    return t.format(a=NOUNS[a][lang], b=NOUNS[b][lang], p=PRODUCT, **kw)


def unique_titles(rng: random.Random, templates, count: int) -> list[tuple[tuple[str, str], int, int]]:
    """`count` distinct (title, noun, noun2) from the templates, each template
    about equally often, in random order; past all combinations, "(part k)"."""
    per_template = []
    for ti, t in enumerate(templates):
        if "{b}" in t[0]:
            combos = [(ti, a, b) for a in range(len(NOUNS)) for b in range(len(NOUNS)) if b != a]
        else:
            combos = [(ti, a, (a + 7) % len(NOUNS)) for a in range(len(NOUNS))]
        rng.shuffle(combos)
        per_template.append(combos)
    order = []
    for k in range(max(len(c) for c in per_template)):
        row = [c[k] for c in per_template if k < len(c)]
        rng.shuffle(row)
        order.extend(row)
    out = []
    for i in range(count):
        ti, a, b = order[i % len(order)]
        k = i // len(order)
        en, ja = (fill(templates[ti][lang], lang, a, b) for lang in (0, 1))
        if k:
            en += TITLE_SUFFIXES[1][0].format(k=k + 1)
            ja += TITLE_SUFFIXES[1][1].format(k=k + 1)
        out.append(((en, ja), a, b))
    return out


def file_slug(title_en: str) -> str:
    return slugify(re.sub(r"[()?]", "", title_en))


def plan(n: int, seed: int) -> list[Page]:
    rng = random.Random(f"plan:{seed}")
    pages: list[Page] = []

    def add(p: Page) -> int:
        pages.append(p)
        return len(pages) - 1

    home = add(Page("_index.md", "home", (f"{PRODUCT} Help Center", f"{PRODUCT} ヘルプセンター"), 0, 1))
    faq_i = add(Page("faq/_index.md", "section", ("Frequently asked questions", "よくある質問"), 32, 0, 10))
    guides_i = add(Page("guides/_index.md", "section", ("Guides", "ガイド"), 0, 16, 20))
    docs_i = add(Page("docs/_index.md", "section", ("Documentation", "ドキュメント"), 2, 3, 30))
    pages[home].children = [faq_i, guides_i, docs_i]

    rest = n - 7
    n_faq = round(rest / 3)
    n_guides = round(rest / 3)
    n_docs = rest - n_faq - n_guides
    n_groups = max(1, min(len(DOC_GROUPS), n_docs // 60))
    doc_pages = n_docs - 3 * n_groups
    k3 = math.ceil(doc_pages * 0.40)
    k2 = round(doc_pages * 0.33)
    k1 = doc_pages - k3 - k2
    if min(n_faq, n_guides, k1) < 1:
        raise SystemExit(f"gen-corpus: --pages too small ({n} per language); use at least 20 per language")

    n_cats = max(3, min(len(CATEGORIES), n_faq // 40))
    for i, ((en, ja), a, b) in enumerate(unique_titles(rng, FAQ_TITLES, n_faq)):
        idx = add(Page(f"faq/{file_slug(en)}.md", "faq", (en, ja), a, b, (i + 1) * 10, category=i % n_cats))
        pages[faq_i].children.append(idx)
    for i, ((en, ja), a, b) in enumerate(unique_titles(rng, GUIDE_TITLES, n_guides)):
        idx = add(Page(f"guides/{file_slug(en)}.md", "guide", (en, ja), a, b, (i + 1) * 10, category=i % n_cats))
        pages[guides_i].children.append(idx)

    topics = unique_titles(rng, DOC_TITLES, k3)
    order = list(range(k3))
    rng.shuffle(order)
    in_v2, in_v1 = set(order[:k2]), set(order[:k1])
    versions = [("v3", ("Tessera 3.x documentation", "Tessera 3.x ドキュメント"), range(k3)),
                ("v2", ("Tessera 2.x documentation", "Tessera 2.x ドキュメント"), sorted(in_v2)),
                ("v1", ("Tessera 1.x documentation", "Tessera 1.x ドキュメント"), sorted(in_v1))]
    for vi, (v, vtitle, members) in enumerate(versions):
        vidx = add(Page(f"docs/{v}/_index.md", "version", vtitle, 2, 11, (vi + 1) * 10, version=v))
        pages[docs_i].children.append(vidx)
        groups = []
        for gi in range(n_groups):
            gslug, glabel = DOC_GROUPS[gi]
            g = add(Page(f"docs/{v}/{gslug}/_index.md", "group", glabel, gi % len(NOUNS), 5, (gi + 1) * 10,
                         version=v, group=gslug))
            pages[vidx].children.append(g)
            groups.append(g)
        for t in members:
            (en, ja), a, b = topics[t]
            gi = t % n_groups
            idx = add(Page(f"docs/{v}/{DOC_GROUPS[gi][0]}/{file_slug(en)}.md", "doc", (en, ja), a, b,
                           (t // n_groups + 1) * 10, version=v, group=DOC_GROUPS[gi][0]))
            pages[groups[gi]].children.append(idx)
    assert len(pages) == n, (len(pages), n)

    # Length and h2 headings of every article, fixed before any body is
    # written so that links can point at any page's headings.
    for i, p in enumerate(pages):
        r = random.Random(f"outline:{seed}:{p.path}")
        if p.kind in ("faq", "guide", "doc"):
            p.words = r.randint(300, 700) if p.kind == "faq" else r.randint(300, 1500)
        if p.kind in ("guide", "doc"):
            count = max(2, p.words // 170)
            seen, sections = set(), []
            for hi in r.sample(range(len(H2)), len(H2)):
                en, ja = (fill(H2[hi][lang], lang, p.noun, p.noun2) for lang in (0, 1))
                if en not in seen:
                    seen.add(en)
                    sections.append((en, ja, slugify(en)))
                if len(sections) == count:
                    break
            p.sections = sections
    return pages


# ---------------------------------------------------------------------------
# Bodies.


class Writer:
    """Writes one page's body in one language. Both languages draw the same
    random choices (same seed), so the Japanese page mirrors the English one."""

    def __init__(self, pages: list[Page], pools: dict[str, list[int]], idx: int, lang: int, seed: int):
        self.pages, self.pools, self.idx, self.lang = pages, pools, idx, lang
        self.page = pages[idx]
        self.r = random.Random(f"body:{seed}:{self.page.path}")
        self.words = 0

    # -- helpers
    def noun(self) -> int:
        return self.page.noun if self.r.random() < 0.6 else self.r.randrange(len(NOUNS))

    def sentence(self) -> str:
        en, ja = self.r.choice(SENTENCES)
        a, b = self.noun(), self.r.randrange(len(NOUNS))
        if b == a:
            b = (b + 1) % len(NOUNS)
        kw = dict(n=self.r.choice(NUMBERS), s=self.r.choice(PLACES)[self.lang], code=self.r.randint(1000, 4999),
                  cli=f"tessera {snake(NOUNS[a][0]).replace('_', '-')} {self.r.choice(['list', 'show', 'update', 'export'])}",
                  prefix=prefix(a), id=obj_id(self.r))
        self.words += len(fill(en, 0, a, b, **kw).split())
        return fill((en, ja)[self.lang], self.lang, a, b, **kw)

    def rel(self, target: int) -> str:
        here = os.path.dirname(self.page.path) or "."
        return os.path.relpath(self.pages[target].path, here).replace(os.sep, "/")

    def link_target(self) -> int | None:
        p = self.page
        pool = self.pools[p.version if p.kind == "doc" else ""]
        for _ in range(4):
            t = pool[self.r.randrange(len(pool))]
            if t != self.idx:
                return t
        return None

    def link_sentence(self) -> str:
        t = self.link_target()
        tmpl = self.r.choice(LINK_SENTENCES)
        if t is None:
            return self.sentence()
        target = self.pages[t]
        title = target.title[self.lang]
        href = self.rel(t)
        text = title
        if target.sections and self.r.random() < 0.5:
            en, ja, hid = self.r.choice(target.sections)
            href += "#" + hid
            text = f"{en} in {title}" if self.lang == 0 else f"「{title}」の「{ja}」"
        self.words += len(tmpl[0].split()) + len(text.split())
        link = f"[{text}]({href})"
        if self.lang == 1 and "#" not in href:
            link = f"「{link}」"
        return tmpl[self.lang].format(link=link)

    # -- blocks
    def paragraph(self, links: bool = True) -> str:
        parts = [self.sentence() for _ in range(self.r.randint(3, 6))]
        if links and self.r.random() < 0.5:
            parts.insert(self.r.randint(1, len(parts)), self.link_sentence())
        return (" " if self.lang == 0 else "").join(parts)

    def steps(self) -> str:
        items = self.r.sample(STEPS, self.r.randint(3, 6))
        out = []
        for k, (en, ja) in enumerate(items, 1):
            a, b = self.noun(), self.r.randrange(len(NOUNS))
            s = self.r.choice(PLACES)[self.lang]
            self.words += len(fill(en, 0, a, b, s=s).split())
            out.append(f"{k}. " + fill((en, ja)[self.lang], self.lang, a, b, s=s))
        return "\n".join(out)

    def bullets(self) -> str:
        items = self.r.sample(BULLETS, self.r.randint(3, 6))
        out = []
        for en, ja in items:
            a, b, n = self.noun(), self.r.randrange(len(NOUNS)), self.r.choice(NUMBERS)
            self.words += len(fill(en, 0, a, b, n=n).split())
            out.append("- " + fill((en, ja)[self.lang], self.lang, a, b, n=n))
        return "\n".join(out)

    def table(self) -> str:
        kind = self.r.choice(sorted(TABLE_KINDS))
        head = [h[self.lang] for h in TABLE_KINDS[kind]]
        rows = []
        a = self.page.noun
        if kind == "settings":
            for k in self.r.sample(range(len(SETTING_KEYS)), self.r.randint(3, 6)):
                b = self.r.randrange(len(NOUNS))
                desc = fill(SETTING_DESCRIPTIONS[k][self.lang], self.lang, a, b)
                self.words += 2 + len(fill(SETTING_DESCRIPTIONS[k][0], 0, a, b).split())
                rows.append([f"`{snake(NOUNS[a][0])}.{SETTING_KEYS[k]}`", SETTING_DEFAULTS[k], desc])
        elif kind == "plans":
            for pi, plan_name in enumerate(PLAN_ROWS):
                note = self.r.choice(PLAN_NOTES)
                b = self.r.randrange(len(NOUNS))
                self.words += 2 + len(fill(note[0], 0, a, b).split())
                limit = f"{NUMBERS[min(len(NUMBERS) - 1, 2 * pi + self.r.randint(0, 3))]:,}"
                rows.append([plan_name[self.lang], limit, fill(note[self.lang], self.lang, a, b)])
        else:
            for _ in range(self.r.randint(3, 6)):
                m = self.r.choice(ERROR_MEANINGS)
                b = self.r.randrange(len(NOUNS))
                self.words += 2 + len(fill(m[0], 0, a, b).split())
                rows.append([f"`E{self.r.randint(1000, 4999)}`", self.r.choice(HTTP_STATUS), fill(m[self.lang], self.lang, a, b)])
        lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)

    def code(self) -> str:
        lang = self.r.choice(CODE_LANGS)
        src = self.r.choice(CODE[lang])
        n = NOUNS[self.noun()][0]
        parts = snake(n).split("_")
        subst = {"@name@": snake(n), "@Name@": "".join(w.capitalize() for w in parts),
                 "@camel@": parts[0] + "".join(w.capitalize() for w in parts[1:]),
                 "@kebab@": "-".join(parts), "@num@": str(self.r.choice(NUMBERS)),
                 "@prefix@": prefix(NOUNS.index(next(x for x in NOUNS if x[0] == n))), "@id@": obj_id(self.r)}
        for k, v in subst.items():
            src = src.replace(k, v)
        return f"```{lang}\n{src}\n```"

    def callout(self) -> str:
        kind = self.r.choice(CALLOUT_KINDS)
        return f"> [!{kind}]\n> {self.sentence()}"

    def image(self) -> str:
        file, en, ja = self.r.choice(IMAGES)
        alt = fill((en, ja)[self.lang], self.lang, self.page.noun, 0)
        return f"![{alt}](/images/{file})"

    def blocks(self, budget: int, headings: bool) -> list[str]:
        out = [self.paragraph()]
        while self.words < budget:
            k = self.r.random()
            if k < 0.40:
                out.append(self.paragraph())
            elif k < 0.52:
                out.append(self.steps())
            elif k < 0.62:
                out.append(self.bullets())
            elif k < 0.72:
                out.append(self.table())
            elif k < 0.86:
                out.append(self.code())
            elif k < 0.92:
                out.append(self.callout())
            elif k < 0.93 and self.page.kind != "faq":
                out.append(self.image())
            elif headings and k < 0.97:
                en, ja = self.r.choice(H3)
                out.append(f"### {(en, ja)[self.lang]}")
                out.append(self.paragraph())
            else:
                out.append(self.paragraph())
        return out

    # -- whole bodies
    def article(self) -> str:
        p = self.page
        out = [self.paragraph(links=False)]
        if p.kind == "faq":
            out += self.blocks(p.words, headings=False)
            return "\n\n".join(out) + "\n"
        if self.r.random() < 0.3 and len(p.sections) > 2:
            en, ja, hid = p.sections[-1]
            text = en if self.lang == 0 else f"「{ja}」"
            out.append(("Jump to [" + text + f"](#{hid}) if you have done this before.") if self.lang == 0
                       else f"すでに設定済みの場合は[{text}](#{hid})に進んでください。")
        per = max(1, p.words // len(p.sections))
        for i, (en, ja, hid) in enumerate(p.sections):
            out.append(f"## {en}" if self.lang == 0 else f"## {ja} {{#{hid}}}")
            out += self.blocks(per * (i + 1), headings=True)
        return "\n\n".join(out) + "\n"

    def index(self) -> str:
        p = self.page
        intro = {
            "home": (f"Welcome to the {PRODUCT} Help Center. Find answers to common questions, step-by-step guides and the reference documentation for every version.",
                     f"{PRODUCT} ヘルプセンターへようこそ。よくある質問への回答、手順を追ったガイド、各バージョンのリファレンスドキュメントをご覧いただけます。"),
            "section": ("Browse the articles of this section, or use the search to find a topic.",
                        "このセクションの記事を一覧から探すか、検索を使ってトピックを見つけてください。"),
            "version": ("This version of the documentation covers the REST API, the command line tool and the SDKs.",
                        "このバージョンのドキュメントでは、REST API、コマンドラインツール、SDKについて説明します。"),
            "group": ("The pages of this group, in reading order.", "このグループのページを、読む順に並べています。"),
        }[p.kind][self.lang]
        out = [intro, self.paragraph(links=False)]
        links = []
        for c in p.children[:12]:
            links.append(f"- [{self.pages[c].title[self.lang]}]({self.rel(c)})")
        if links:
            out.append("\n".join(links))
        return "\n\n".join(out) + "\n"

    def body(self) -> str:
        return self.article() if self.page.kind in ("faq", "guide", "doc") else self.index()


def link_pools(pages: list[Page]) -> dict[str, list[int]]:
    """Pages a link may point at: from docs of a version, that version's docs
    and the guides and FAQ; from anywhere else, the guides, FAQ and latest docs."""
    common = [i for i, q in enumerate(pages) if q.kind in ("guide", "faq")]
    pools = {v: common + [i for i, q in enumerate(pages) if q.kind == "doc" and q.version == v] for v in ("v1", "v2", "v3")}
    pools[""] = pools["v3"]
    return pools


def snake(noun_en: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", noun_en.lower()).strip("_")


def prefix(noun: int) -> str:
    return "".join(w[0] for w in snake(NOUNS[noun][0]).split("_"))[:3] or "obj"


def obj_id(r: random.Random) -> str:
    return "".join(r.choice("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))


def yaml_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def front_matter(p: Page, lang: int, seed: int) -> str:
    r = random.Random(f"front:{seed}:{p.path}")
    y, m, d = 2024 + r.randint(0, 1), r.randint(1, 12), r.randint(1, 28)
    ly, lm = y + 1, r.randint(1, 12)
    desc = fill(r.choice(DESCRIPTIONS)[lang], lang, p.noun, p.noun2)
    lines = ["---", f"title: {yaml_str(p.title[lang])}", f"description: {yaml_str(desc)}",
             f"date: '{y}-{m:02d}-{d:02d}'", f"lastmod: '{ly}-{lm:02d}-{d:02d}'"]
    if p.weight:
        lines.append(f"weight: {p.weight}")
    if p.kind in ("faq", "guide"):
        lines.append(f"category: {yaml_str(CATEGORIES[p.category][lang])}")
    if p.kind in ("faq", "guide", "doc"):
        tags = sorted({NOUNS[p.noun][lang], NOUNS[p.noun2][lang]})
        lines.append("tags: [" + ", ".join(yaml_str(t) for t in tags) + "]")
        lines.append(f"keywords: [{yaml_str(snake(NOUNS[p.noun][0]))}]")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# ---------------------------------------------------------------------------
# Site files.

LANG_META = {"en": ("English", 0), "ja": ("日本語", 1)}


def portico_config(langs: list[str]) -> str:
    out = [f"title: {PRODUCT} Help Center", "description: Answers, guides and documentation for Tessera (benchmark corpus).",
           "base_url: https://help.tessera.example", f"default_language: {langs[0]}", "languages:"]
    for code in langs:
        out += [f"  - code: {code}", f"    name: {LANG_META[code][0]}"]
    out += ["brand:", f"  name: {PRODUCT}", "  logo: /images/logo.svg", f"  logo_alt: {PRODUCT}",
            "  favicon: /images/logo.svg", "docs:", "  versions:",
            "    - name: v3", '      label: "3.x"', "      latest: true",
            "    - name: v2", '      label: "2.x"',
            "    - name: v1", '      label: "1.x"', "      archived: true"]
    return "\n".join(out) + "\n"


def hugo_config(langs: list[str]) -> str:
    out = ['baseURL = "https://help.tessera.example/"', f'title = "{PRODUCT} Help Center"',
           f'defaultContentLanguage = "{langs[0]}"', "defaultContentLanguageInSubdir = true",
           "hasCJKLanguage = true", 'disableKinds = ["RSS"]', "",
           "[taxonomies]", 'category = "category"', "",
           "[markup.highlight]", "codeFences = true", "noClasses = false", "guessSyntax = false", "",
           "[markup.tableOfContents]", "startLevel = 2", "endLevel = 3", ""]
    for w, code in enumerate(langs, 1):
        out += [f"[languages.{code}]", f'languageName = "{LANG_META[code][0]}"', f"weight = {w}",
                f'contentDir = "content/{code}"', ""]
    return "\n".join(out)


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


def prepare(out: Path) -> None:
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SystemExit(f"gen-corpus: {out} is not empty and was not written by gen-corpus.py; not replacing it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("written by bench/gen-corpus.py; replaced on the next run\n")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def static_files(out: Path) -> None:
    write(out / "static/images/logo.svg", LOGO)
    for file, en, _ in IMAGES:
        write(out / "static/images" / file, SVG.format(title=fill(en, 0, 0, 0).split(":")[0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="markdown files in total, across languages")
    ap.add_argument("--langs", default="en", help="en or en,ja")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--portico-out", type=Path, required=True)
    ap.add_argument("--hugo-out", type=Path)
    args = ap.parse_args()
    langs = [x.strip() for x in args.langs.split(",") if x.strip()]
    if not langs or any(code not in LANG_META for code in langs) or len(set(langs)) != len(langs):
        raise SystemExit("gen-corpus: --langs must be en or en,ja")
    per = args.pages // len(langs)
    counts = [args.pages - per * (len(langs) - 1)] + [per] * (len(langs) - 1)

    outs = [args.portico_out] + ([args.hugo_out] if args.hugo_out else [])
    for o in outs:
        prepare(o)
        static_files(o)
    write(args.portico_out / "portico.yaml", portico_config(langs))
    if args.hugo_out:
        write(args.hugo_out / "hugo.toml", hugo_config(langs))
        write(args.hugo_out / "static/css/site.css", "body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto}\n")
        for name, text in HUGO_LAYOUTS.items():
            write(args.hugo_out / "layouts" / name, text)

    plans: dict[int, list[Page]] = {}
    files = words = nbytes = 0
    for code, count in zip(langs, counts):
        pages = plans.setdefault(count, plan(count, args.seed))
        pools = link_pools(pages)
        lang = LANG_META[code][1]
        for i, p in enumerate(pages):
            w = Writer(pages, pools, i, lang, args.seed)
            text = front_matter(p, lang, args.seed) + w.body()
            for o in outs:
                write(o / "content" / code / p.path, text)
            files += 1
            words += w.words
            nbytes += len(text.encode())
    dest = str(args.portico_out) + (f" and {args.hugo_out}" if args.hugo_out else "")
    print(f"gen-corpus: {files} pages ({'+'.join(f'{c} {l}' for l, c in zip(langs, counts))}), "
          f"{nbytes / files / 1024:.1f} KiB markdown and {words // files} English-equivalent words per page on average, seed {args.seed} → {dest}")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(1)
