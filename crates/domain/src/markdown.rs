//! Minute text as plain text. Clerks write minutes in Markdown; the meeting page's excerpts,
//! the search index and the typeset minutes all read it through here, so none of them shows
//! Markdown's marks or any HTML pasted into it (which the pages drop too).

use comrak::nodes::{AstNode, ListType, NodeValue};
use serde::Serialize;

/// The Markdown dialect clerks write minutes in: CommonMark with strikethrough, tables and
/// bare links; raw HTML is never passed through.
pub fn options() -> comrak::Options<'static> {
    let mut options = comrak::Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options
}

/// One block of minute text, as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
    },
    /// Kept apart from paragraphs because printed minutes set lists out item by item.
    List {
        /// The first number of a numbered list; `None` for bullets.
        start: Option<usize>,
        items: Vec<String>,
    },
}

impl Block {
    /// The block as one paragraph, a list's items run together, as excerpts print it.
    pub fn joined(self) -> String {
        match self {
            Self::Paragraph { text } => text,
            Self::List { items, .. } => items.join(" "),
        }
    }
}

/// Markdown as plain blocks: each paragraph (or heading, quote, table) as one line of text,
/// each list with its items; blocks with no text are left out.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &options());
    root.children()
        .filter_map(|block| match &block.data.borrow().value {
            NodeValue::List(list) => {
                let items: Vec<String> = block.children().map(plain).filter(|t| !t.is_empty()).collect();
                (!items.is_empty()).then(|| Block::List {
                    start: (list.list_type == ListType::Ordered).then_some(list.start),
                    items,
                })
            }
            _ => Some(plain(block))
                .filter(|t| !t.is_empty())
                .map(|text| Block::Paragraph { text }),
        })
        .collect()
}

/// Markdown as plain paragraphs (one per block, a list's items run together), for excerpts
/// and the search index.
pub fn paragraphs(markdown: &str) -> Vec<String> {
    blocks(markdown).into_iter().map(Block::joined).collect()
}

/// The text of a node and everything in it, raw HTML left out, white space collapsed.
fn plain<'a>(node: &'a AstNode<'a>) -> String {
    let mut text = String::new();
    for n in node.descendants() {
        match &n.data.borrow().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak | NodeValue::Item(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_reads_as_plain_blocks_without_marks_or_html() {
        let text = "Members **asked** about:\n\n- traffic\n- parking <b>now</b>\n\n3. first\n4. `second`\n\n\
                    They _noted_ it. <script>alert(1)</script>\n\n<div>\nraw\n</div>";
        assert_eq!(
            blocks(text),
            [
                Block::Paragraph {
                    text: "Members asked about:".into()
                },
                Block::List {
                    start: None,
                    items: vec!["traffic".into(), "parking now".into()]
                },
                Block::List {
                    start: Some(3),
                    items: vec!["first".into(), "second".into()]
                },
                Block::Paragraph {
                    text: "They noted it. alert(1)".into()
                },
            ]
        );
        assert_eq!(
            paragraphs("Members **asked** about:\n\n- traffic\n- parking\n\nThey `noted` it."),
            ["Members asked about:", "traffic parking", "They noted it."]
        );
    }
}
