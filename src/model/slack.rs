//! Slack's export, read into a [`ChatExport`]: a channel folder of per-day JSON files
//! (`2026-04-06.json`, each a list of messages), or one JSON file (a list of messages,
//! or an object with `messages`). User ids are resolved through `users.json` when it
//! is among the files, else through the profile Slack puts in each message.
//!
//! A file or message that cannot be read is listed in [`ChatExport::problems`] and the
//! rest is imported; a message with no readable time is kept without one. Joins,
//! leaves and topic changes are left out (counted in [`ChatExport::skipped`]).

use super::chat::{Author, ChatExport, ChatMessage, ChatProblem};
use super::speakers::normalize;
use serde_json::Value;

/// Why nothing could be imported.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SlackError {
    /// No files at all.
    #[error("No files were chosen.")]
    NoFiles,
    /// Files, but not one message in them.
    #[error(
        "No Slack messages found in {files}. Expected a channel's folder of per-day files (2026-04-06.json …, each a list of messages with \"ts\", \"user\" and \"text\"), or one such JSON file, with users.json from the export beside them.{detail}"
    )]
    NoMessages {
        /// The files, named.
        files: String,
        /// The first problem, as " FILE: reason", or empty.
        detail: String,
    },
}

/// Files of an export that hold no messages.
const NOT_MESSAGES: [&str; 8] = [
    "channels.json",
    "groups.json",
    "dms.json",
    "mpims.json",
    "integration_logs.json",
    "canvases.json",
    "org_users.json",
    "huddles.json",
];

/// Message subtypes that say nothing about the incident.
const SKIPPED_SUBTYPES: [&str; 10] = [
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "channel_archive",
    "channel_unarchive",
    "group_join",
    "group_leave",
    "pinned_item",
];

/// Reads a Slack export from its files: (file name, bytes).
pub fn parse(files: &[(String, Vec<u8>)]) -> Result<ChatExport, SlackError> {
    if files.is_empty() {
        return Err(SlackError::NoFiles);
    }
    let mut out = ChatExport::default();
    let mut reader = Reader::default();
    // users.json first, so ids resolve whatever order the files came in.
    let mut ordered: Vec<&(String, Vec<u8>)> = files.iter().collect();
    ordered.sort_by_key(|(name, _)| (base(name) != "users.json", name.clone()));
    let mut message_files = 0;
    for (name, bytes) in ordered {
        let short = base(name);
        if NOT_MESSAGES.contains(&short) {
            continue;
        }
        let value: Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                out.problems.push(ChatProblem {
                    place: name.clone(),
                    reason: format!(
                        "Not JSON that can be read ({}, line {} column {}); the file is left out.",
                        json_reason(&e),
                        e.line(),
                        e.column()
                    ),
                });
                continue;
            }
        };
        if short == "users.json" {
            reader.users(&value, name, &mut out);
            continue;
        }
        let list = match &value {
            Value::Array(a) => Some(a),
            Value::Object(o) => o.get("messages").and_then(Value::as_array),
            _ => None,
        };
        let Some(list) = list else {
            out.problems.push(ChatProblem {
                place: name.clone(),
                reason: "Not a list of messages; the file is left out.".into(),
            });
            continue;
        };
        message_files += 1;
        for (k, m) in list.iter().enumerate() {
            reader.message(m, &format!("{name}, message {}", k + 1), &mut out);
        }
    }
    if out.messages.is_empty() {
        return Err(SlackError::NoMessages {
            files: files
                .iter()
                .map(|(n, _)| base(n).to_owned())
                .collect::<Vec<_>>()
                .join(", "),
            detail: out
                .problems
                .first()
                .map(|p| format!(" {}: {}", p.place, p.reason))
                .unwrap_or_default(),
        });
    }
    // Messages by time (stable: the files' order where times are equal); those
    // without a time at the end.
    out.messages.sort_by_key(|m| (m.at.is_none(), m.at));
    out.source = format!(
        "Slack export: {} messages from {message_files} file{}",
        out.messages.len(),
        if message_files == 1 { "" } else { "s" }
    );
    Ok(out)
}

fn base(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

fn json_reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    // serde_json appends " at line L column C"; the position is said separately.
    match s.find(" at line ") {
        Some(k) => s[..k].to_owned(),
        None => s,
    }
}

/// Authors by key while reading.
#[derive(Default)]
struct Reader {
    /// Slack user id or bot name → author index.
    index: std::collections::HashMap<String, usize>,
    /// users.json: user id → (names, title, bot). Only people who write or are
    /// mentioned become authors: the list holds the whole workspace.
    directory: std::collections::HashMap<String, (Vec<String>, String, bool)>,
}

impl Reader {
    /// The author with this key, made if new; `names` are added to theirs.
    fn author(&mut self, key: &str, names: &[Option<&str>], out: &mut ChatExport) -> usize {
        let k = match self.index.get(key) {
            Some(k) => *k,
            None => {
                let (names, title, bot) = self.directory.get(key).cloned().unwrap_or_default();
                out.authors.push(Author {
                    key: key.to_owned(),
                    names,
                    title,
                    bot,
                    messages: 0,
                });
                self.index.insert(key.to_owned(), out.authors.len() - 1);
                out.authors.len() - 1
            }
        };
        if let Some(a) = out.authors.get_mut(k) {
            for n in names.iter().flatten() {
                let n = n.trim();
                if !n.is_empty() && !a.names.iter().any(|x| normalize(x) == normalize(n)) {
                    a.names.push(n.to_owned());
                }
            }
        }
        k
    }

    fn users(&mut self, value: &Value, name: &str, out: &mut ChatExport) {
        let Some(list) = value.as_array() else {
            out.problems.push(ChatProblem {
                place: name.to_owned(),
                reason: "Not a list of users; user ids are shown as they are.".into(),
            });
            return;
        };
        for u in list {
            let Some(id) = str_at(u, &["id"]) else {
                continue;
            };
            let mut names: Vec<String> = Vec::new();
            for n in [
                str_at(u, &["profile", "real_name"]).or(str_at(u, &["real_name"])),
                str_at(u, &["profile", "display_name"]),
                str_at(u, &["name"]),
                str_at(u, &["profile", "email"]),
            ]
            .into_iter()
            .flatten()
            {
                if !names.iter().any(|x| normalize(x) == normalize(n)) {
                    names.push(n.trim().to_owned());
                }
            }
            let bot = u.get("is_bot").and_then(Value::as_bool).unwrap_or(false);
            let title = str_at(u, &["profile", "title"])
                .unwrap_or_default()
                .to_owned();
            self.directory.insert(id.to_owned(), (names, title, bot));
        }
    }

    fn message(&mut self, m: &Value, place: &str, out: &mut ChatExport) {
        if !m.is_object()
            || m.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t != "message")
        {
            out.skipped += 1;
            return;
        }
        let subtype = str_at(m, &["subtype"]).unwrap_or_default();
        if SKIPPED_SUBTYPES.contains(&subtype) {
            out.skipped += 1;
            return;
        }
        let author = if let Some(user) = str_at(m, &["user"]) {
            Some(self.author(
                user,
                &[
                    str_at(m, &["user_profile", "real_name"]),
                    str_at(m, &["user_profile", "display_name"]),
                    str_at(m, &["user_profile", "name"]),
                ],
                out,
            ))
        } else {
            let bot = str_at(m, &["username"])
                .or(str_at(m, &["bot_profile", "name"]))
                .or(str_at(m, &["bot_id"]));
            bot.map(|b| {
                let k = self.author(b, &[Some(b)], out);
                if let Some(a) = out.authors.get_mut(k) {
                    a.bot = true;
                }
                k
            })
        };
        let mut text = self.words(str_at(m, &["text"]).unwrap_or_default(), out);
        if text.trim().is_empty() {
            // Bots often write only attachments.
            let parts: Vec<&str> = m
                .get("attachments")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|a| str_at(a, &["fallback"]).or(str_at(a, &["text"])))
                .collect();
            text = self.words(&parts.join(" — "), out);
        }
        let files: Vec<String> = m
            .get("files")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|f| str_at(f, &["name"]).or(str_at(f, &["title"])))
            .map(|n| format!("[file: {n}]"))
            .collect();
        if !files.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&files.join(" "));
        }
        let text = text.trim().to_owned();
        if text.is_empty() {
            out.skipped += 1;
            return;
        }
        let ts = m.get("ts");
        let at = ts.and_then(timestamp);
        if at.is_none() {
            out.problems.push(ChatProblem {
                place: place.to_owned(),
                reason: "No time (ts) that can be read; imported with no time, to place by hand."
                    .into(),
            });
        }
        let reply =
            str_at(m, &["thread_ts"]).is_some_and(|t| Some(t) != ts.and_then(Value::as_str));
        if let Some(a) = author.and_then(|k| out.authors.get_mut(k)) {
            a.messages += 1;
        }
        out.messages.push(ChatMessage {
            at,
            author,
            text: if reply {
                format!("(in a thread) {text}")
            } else {
                text
            },
        });
    }

    /// Slack's markup written out: `<@U123>` → `@handle`, `<#C1|incident>` →
    /// `#incident`, `<!here>` → `@here`, `<https://x|label>` → `label (https://x)`, and
    /// `&amp;` `&lt;` `&gt;`.
    fn words(&mut self, text: &str, out: &mut ChatExport) -> String {
        let mut s = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            s.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('>') else {
                s.push('<');
                rest = after;
                continue;
            };
            let inner = &after[..close];
            let (target, label) = match inner.split_once('|') {
                Some((t, l)) => (t, Some(l)),
                None => (inner, None),
            };
            if let Some(id) = target.strip_prefix('@') {
                let k = self.author(id, &[label], out);
                let a = out.authors.get(k);
                // A handle, which other names and redaction know, rather than a real name.
                let handle = a
                    .and_then(|a| {
                        a.names
                            .iter()
                            .find(|n| !n.contains(' '))
                            .or(a.names.first())
                    })
                    .map_or(id, String::as_str);
                s.push('@');
                s.push_str(handle.trim_start_matches('@'));
            } else if let Some(channel) = target.strip_prefix('#') {
                s.push('#');
                s.push_str(label.unwrap_or(channel));
            } else if let Some(special) = target.strip_prefix('!') {
                let word = label.unwrap_or(special);
                let word = word.split('^').next().unwrap_or(word);
                s.push_str(if word.starts_with('@') { "" } else { "@" });
                s.push_str(word);
            } else {
                match label {
                    Some(l) if l != target => {
                        s.push_str(l);
                        s.push_str(" (");
                        s.push_str(target);
                        s.push(')');
                    }
                    _ => s.push_str(target.trim_start_matches("mailto:")),
                }
            }
            rest = &after[close + 1..];
        }
        s.push_str(rest);
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }
}

/// A string at a path of object keys.
fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for key in path {
        cur = cur.get(*key)?;
    }
    cur.as_str().filter(|s| !s.trim().is_empty())
}

/// Slack's `ts` ("1775466720.000200", seconds since 1970 with microseconds).
fn timestamp(v: &Value) -> Option<super::session::Timestamp> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let (secs, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    let secs: i64 = secs.parse().ok()?;
    let micros: u32 = if frac.is_empty() {
        0
    } else {
        let digits: String = frac.chars().take(6).collect();
        let v: u32 = digits.parse().ok()?;
        v * 10u32.pow(6 - digits.len() as u32)
    };
    chrono::DateTime::from_timestamp(secs, micros.checked_mul(1000)?)
}
