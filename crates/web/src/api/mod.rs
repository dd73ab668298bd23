//! The versioned JSON API, `/api/v1`, for the bureau's and the units' own systems: the same
//! actions as the pages, through the same workflow calls and role extractors, so that a caller
//! can do nothing here that its pages would refuse. A district reviewer asking for another
//! district's application gets 404 here as there.
//!
//! * Clients sign in with `POST /api/v1/session` and send the token as `Authorization: Bearer`;
//!   cookies are not read on the API ([`crate::auth`] says why).
//! * Every error is `{"code": ..., "message": ...}` ([`Failure`]) with the status of its
//!   [`WebError`], mapped once from the workflow's errors ([`crate::error`]).
//! * Each route is declared once, by its `#[utoipa::path]`: [`Documented`] takes the path and
//!   methods from it for the router and the operation for the OpenAPI document, so that the
//!   document at `/api/openapi.json` lists exactly the routes served. Swagger UI, built from the
//!   files vendored into `utoipa-swagger-ui` (nothing is downloaded), is at `/api/docs/`.
//!
//! Approval, titles, entitlements, payments and the public certificate check are in [`ledger`];
//! the pages' downloads (forms, certificates, summaries, notices, payment and work lists as PDF
//! or Excel) in [`documents`].

pub mod applications;
pub mod attachments;
pub mod documents;
pub mod extract;
pub mod ledger;
pub mod notices;
pub mod panels;
pub mod programs;
pub mod session;

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter};
use utoipa::openapi::path::{HttpMethod, PathItemBuilder, PathsBuilder};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::error::WebError;
use crate::failure::Failure;
use crate::state::AppState;

/// Where the versioned endpoints are mounted; the OpenAPI document names it as its server.
pub const V1: &str = "/api/v1";
/// The OpenAPI document.
pub const OPENAPI_JSON: &str = "/api/openapi.json";
/// The Swagger UI page and its files.
pub const DOCS: &str = "/api/docs";

/// The message of a path under `/api/v1` that names no endpoint, unlike a record not found.
pub const NO_SUCH_ENDPOINT: &str = "没有这个接口（no such endpoint）";

/// The name of the bearer scheme in the OpenAPI document.
const BEARER: &str = "bearer";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "匠心 jiangxin API",
        description = "技能人才项目的申报、审核、公示与评审接口。先以 `POST /session` 登录取得令牌，\
            再在请求头 `Authorization: Bearer <令牌>` 中携带；错误一律为 `{\"code\", \"message\"}`。\
            (The skilled-talent programs' API: sign in with `POST /session`, send the token as a \
            bearer token; every error is `{\"code\", \"message\"}`.)",
    ),
    servers((url = "/api/v1")),
    modifiers(&BearerScheme),
    components(schemas(
        Failure,
        session::SignIn,
        session::Session,
        programs::ProgramSummary,
        programs::ProgramDetail,
        programs::Check,
        applications::NewApplication,
        applications::ApplicationView,
        applications::FactsEdit,
        applications::Submission,
        applications::Version,
        applications::Recommendation,
        applications::Review,
        applications::ConsultationBody,
        applications::ConsultationView,
        applications::HistoryEntry,
        crate::worklist::Row,
        attachments::AttachmentUpload,
        attachments::AttachmentView,
        notices::NoticeSummary,
        notices::NoticeView,
        notices::ObjectionBody,
        notices::Receipt,
        panels::BallotBody,
        panels::BallotView,
        panels::ConflictBody,
        ledger::Approval,
        ledger::TitleView,
        ledger::PaymentView,
        ledger::EntitlementView,
        ledger::LedgerView,
        ledger::Reason,
        ledger::CertificateCheck,
        ledger::PaymentLineView,
        ledger::Paid,
        ledger::Recovered,
    )),
    tags(
        (name = "session", description = "登录与退出（signing in and out）"),
        (name = "programs", description = "项目与条件核对（programs and the eligibility check）"),
        (name = "applications", description = "申报（applications）"),
        (name = "attachments", description = "申报附件（attachments）"),
        (name = "notices", description = "社会公示与异议（public notices and objections）"),
        (name = "panels", description = "专家评审（expert panels）"),
        (name = "ledger", description = "审定、称号证书与待遇发放（approval, titles and payments）"),
        (name = "documents", description = "公文下载：PDF 与 Excel（documents as PDF and Excel）"),
    ),
)]
struct ApiDoc;

/// Declares the bearer scheme the secured operations name.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_default()
            .add_security_scheme(
                BEARER,
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
    }
}

/// Routes collected together with their documentation: each is added from the type
/// `#[utoipa::path]` generates for its handler, which carries the path, the methods and the
/// operation, so that the router and the document are built from one declaration.
pub struct Documented {
    router: Router<AppState>,
    paths: PathsBuilder,
    /// The feature whose routes are being added: the operations' tag.
    tag: &'static str,
}

impl Documented {
    fn new() -> Self {
        Self {
            router: Router::new(),
            paths: PathsBuilder::new(),
            tag: "",
        }
    }

    /// The routes added next belong to the feature `tag`.
    fn tagged(self, tag: &'static str) -> Self {
        Self { tag, ..self }
    }

    /// Serves `handler` at the path and methods of its `#[utoipa::path]` (`P`), and documents it.
    fn route<P, H, T>(self, handler: H) -> Self
    where
        P: utoipa::Path,
        H: Handler<T, AppState>,
        T: 'static,
    {
        let mut operation = P::operation();
        operation.tags = Some(vec![self.tag.to_owned()]);
        // Handler names repeat across features (each has its `list`); OpenAPI wants operation
        // ids unique, so they are prefixed with the feature.
        operation.operation_id = operation
            .operation_id
            .map(|id| format!("{}_{id}", self.tag));
        let (router, item) = P::methods().into_iter().fold(
            (MethodRouter::new(), PathItemBuilder::new()),
            |(router, item), method| {
                (
                    router.on(filter(method.clone()), handler.clone()),
                    item.operation(method, operation.clone()),
                )
            },
        );
        Self {
            router: self.router.route(&P::path(), router),
            paths: self.paths.path(P::path(), item.build()),
            tag: self.tag,
        }
    }
}

fn filter(method: HttpMethod) -> MethodFilter {
    match method {
        HttpMethod::Get => MethodFilter::GET,
        HttpMethod::Post => MethodFilter::POST,
        HttpMethod::Put => MethodFilter::PUT,
        HttpMethod::Delete => MethodFilter::DELETE,
        HttpMethod::Options => MethodFilter::OPTIONS,
        HttpMethod::Head => MethodFilter::HEAD,
        HttpMethod::Patch => MethodFilter::PATCH,
        HttpMethod::Trace => MethodFilter::TRACE,
    }
}

/// Every `/api/v1` route, one module per feature.
fn v1() -> Documented {
    let api = Documented::new();
    let api = session::routes(api);
    let api = programs::routes(api);
    let api = applications::routes(api);
    let api = attachments::routes(api);
    let api = notices::routes(api);
    let api = ledger::routes(api);
    let api = documents::routes(api);
    panels::routes(api)
}

/// The OpenAPI document of `/api/v1`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.paths = v1().paths.build();
    doc
}

/// `/api/v1`, its OpenAPI document and Swagger UI.
pub fn router() -> Router<AppState> {
    let endpoints = v1()
        .router
        .method_not_allowed_fallback(|| async { WebError::MethodNotAllowed })
        .fallback(|| async { WebError::NotFound(NO_SUCH_ENDPOINT.to_owned()) });
    // The "try it out" answers carry personal data: Swagger UI is not to keep the token, and
    // it is not to send the document to the public validator.
    let config = Config::new([OPENAPI_JSON])
        .persist_authorization(false)
        .validator_url("none");
    Router::new().nest(V1, endpoints).merge(
        SwaggerUi::new(DOCS)
            .url(OPENAPI_JSON, openapi())
            .config(config),
    )
}
