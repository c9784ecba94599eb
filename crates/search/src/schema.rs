//! The index's fields. An index with other fields, or of another [`VERSION`] (raised when
//! the same fields come to be filled or analysed differently), is rebuilt from the store
//! rather than read.

use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};

/// Written into every commit beside the change-log position.
pub const VERSION: u32 = 1;

/// English stemming ("meetings" finds "meeting"), built into tantivy.
const ANALYZER: &str = "en_stem";

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `document:<uuid>` and the like: one entry per key.
    pub key: Field,
    pub council: Field,
    /// What is replaced together (`<council>/meeting:<uuid>`).
    pub scope: Field,
    /// Set on an entry whose file's text is still to be read.
    pub pending: Field,
    pub kind: Field,
    pub committee: Field,
    pub title: Field,
    pub body: Field,
    pub path: Field,
    pub context: Field,
    pub date: Field,
    /// The date as a number (20210615), for "newest first".
    pub day: Field,
    /// The hash of the file the body was read from, so unchanged files are not read again.
    pub blob: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored { options.set_stored() } else { options }
    };
    let fields = Fields {
        key: b.add_text_field("key", STRING | STORED),
        council: b.add_text_field("council", STRING),
        scope: b.add_text_field("scope", STRING | STORED),
        pending: b.add_text_field("pending", STRING),
        kind: b.add_text_field("kind", STRING | STORED),
        committee: b.add_text_field("committee", STRING),
        title: b.add_text_field("title", text(true)),
        body: b.add_text_field("body", text(true)),
        path: b.add_text_field("path", STORED),
        context: b.add_text_field("context", STORED),
        date: b.add_text_field("date", STORED),
        day: b.add_i64_field("day", FAST),
        blob: b.add_text_field("blob", STRING | STORED),
    };
    (b.build(), fields)
}
