//! The OpenAPI 3.1 document at `/api/openapi.json`, built from the resources themselves
//! (their paths, filters and serde types), so that what is documented is what is served.

use axum::http::HeaderMap;
use axum::response::Response;
use utoipa::ToSchema;
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::schema::{ArrayBuilder, ComponentsBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{
    Content, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, Ref, RefOr, Required, ResponseBuilder, Server,
};

use super::{FilterName, Resource, Visit, every, objects};
use crate::error::JsonError;
use crate::json::json;
use crate::site::{self, Site};

/// The answer of a request that could not be served: `{"error": "…"}`.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct Error {
    pub error: String,
}

type Schemas = Vec<(String, RefOr<Schema>)>;

/// What the document is built from, one resource at a time.
struct Document {
    paths: PathsBuilder,
    schemas: Schemas,
}

fn reference<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(T::name()))
}

fn add<T: ToSchema>(schemas: &mut Schemas) {
    schemas.push((T::name().into_owned(), T::schema()));
    T::schemas(schemas);
}

fn answer(description: &str, schema: impl Into<RefOr<Schema>>) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", Content::new(Some(schema)))
        .build()
}

fn failure(description: &str) -> utoipa::openapi::Response {
    answer(description, reference::<Error>())
}

fn query(name: &str, about: &str, format: Option<&str>) -> utoipa::openapi::path::Parameter {
    let mut schema = ObjectBuilder::new().schema_type(Type::String);
    if let Some(format) = format {
        schema = schema.format(Some(utoipa::openapi::SchemaFormat::Custom(format.to_owned())));
    }
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(about))
        .schema(Some(schema))
        .build()
}

fn operation(id: String, summary: String, description: &str) -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some(id))
        .summary(Some(summary))
        .description(Some(description))
}

impl Visit for Document {
    fn visit<R: Resource>(&mut self) {
        add::<R::Object>(&mut self.schemas);
        add::<R::Detail>(&mut self.schemas);
        let list = ObjectBuilder::new()
            .property(
                "data",
                ArrayBuilder::new().items(
                    OneOfBuilder::new()
                        .item(reference::<R::Object>())
                        .item(reference::<objects::Deleted>()),
                ),
            )
            .required("data")
            .property("links", reference::<objects::Links>())
            .required("links");
        let mut parameters = vec![
            query(
                "modified_since",
                "Only what changed at or after this time (with its offset), deletions and withdrawals as \
                 `{\"deleted\": true}` entries.",
                Some("date-time"),
            ),
            query("limit", "Objects on a page, from 1 to 1000 (100 unless asked).", None),
            query(
                "cursor",
                "Where a page starts: copy it from the previous page's `links.next`.",
                None,
            ),
        ];
        parameters.extend(R::FILTERS.iter().map(|f| {
            let format = matches!(f, FilterName::From | FilterName::To).then_some("date");
            query(f.name(), f.about(), format)
        }));
        let mut list_op = operation(
            format!("list_{}", R::PATH.replace('-', "_")),
            format!("List {}", R::PATH),
            R::ABOUT,
        )
        .response("200", answer("One page of the list.", list))
        .response(
            "400",
            failure("A parameter that is unknown, given twice or not valid, or a cursor this server did not give."),
        );
        for p in parameters {
            list_op = list_op.parameter(p);
        }
        let id = ParameterBuilder::new()
            .name("id")
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(utoipa::openapi::SchemaFormat::Custom("uuid".into()))),
            ))
            .build();
        let one_op = operation(
            format!("get_{}", R::PATH.replace('-', "_")),
            format!("One of the {}", R::PATH),
            R::ABOUT,
        )
        .parameter(id)
        .response("200", answer("The object.", reference::<R::Detail>()))
        .response("404", failure("No such object, or not one the public may see."));
        let paths = std::mem::take(&mut self.paths);
        self.paths = paths
            .path(
                format!("/api/v1/{}", R::PATH),
                PathItem::new(HttpMethod::Get, list_op.build()),
            )
            .path(
                format!("/api/v1/{}/{{id}}", R::PATH),
                PathItem::new(HttpMethod::Get, one_op.build()),
            );
    }
}

/// The document for a council whose site is at `root` (`https://host/c/council`), the
/// installation's list of councils at `installation`.
pub fn build(root: &str, installation: &str) -> OpenApi {
    let mut schemas = Schemas::new();
    add::<objects::Council>(&mut schemas);
    add::<objects::Councils>(&mut schemas);
    add::<objects::Deleted>(&mut schemas);
    add::<objects::Links>(&mut schemas);
    add::<Error>(&mut schemas);
    let council: Operation = operation(
        "get_council".into(),
        "This council".into(),
        "The council whose site this is.",
    )
    .response("200", answer("The council.", reference::<objects::Council>()))
    .build();
    let councils: Operation = operation(
        "list_councils".into(),
        "Every council".into(),
        "Every council this installation serves, each with the root of its own API.",
    )
    .response("200", answer("The councils.", reference::<objects::Councils>()))
    .build();
    let mut councils = PathItem::new(HttpMethod::Get, councils);
    councils.servers = Some(vec![Server::new(installation)]);
    let mut document = Document {
        paths: PathsBuilder::new()
            .path("/api/v1/council", PathItem::new(HttpMethod::Get, council))
            .path("/api/v1/councils", councils),
        schemas,
    };
    every(&mut document);
    let mut components = ComponentsBuilder::new();
    document.schemas.sort_by(|a, b| a.0.cmp(&b.0));
    document.schemas.dedup_by(|a, b| a.0 == b.0);
    components = components.schemas_from_iter(document.schemas);
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Moot JSON API")
                .version("1")
                .description(Some(
                    "The public record of a council's committees: what its public pages show, as JSON. \
                     Lists are paged by cursor in the order records last changed; poll with `modified_since` \
                     to get exactly what changed, deletions included. Every answer has an ETag and honours \
                     `If-None-Match`; any web page may read it (CORS).",
                ))
                .build(),
        )
        .servers(Some(vec![Server::new(root)]))
        .paths(document.paths.build())
        .components(Some(components.build()))
        .build()
}

/// `/api/openapi.json`
pub async fn document(site: Site, headers: HeaderMap) -> Result<Response, JsonError> {
    let root = format!("{}{}", site.origin(&headers), site.base);
    let installation = site::origin(&headers, None);
    Ok(json(&build(&root, &installation))?)
}
