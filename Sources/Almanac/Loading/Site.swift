import Foundation

/// Everything loaded from a site's sources, ready to render.
struct Site: Sendable {
  var config: SiteConfig
  /// The path the site is served under, from the base URL: `/` or, for example, `/pr-123/`.
  var basePath: String
  var pages: [Page]
  /// Files from `Content/` copied to the output as they are, keyed by output path.
  var assets: [String: String]
  var templates: TemplateSet
  /// Which source writes each output path, so two that would overwrite each other are reported.
  var outputClaims: [String: String] = [:]

  /// A path below the site's root as readers' browsers request it, with the base path.
  func url(_ route: String) -> String { basePath + route }

  /// The absolute URL of a route, or its path when the site has no base URL.
  func permalink(_ route: String) -> String {
    guard let baseURL = config.baseURL else { return url(route) }
    return baseURL + route
  }
}

/// Settings that come from the command line rather than the site.
public struct BuildOptions: Sendable {
  /// Replaces `base_url` from `site.yml`, to build a preview under another address.
  public var baseURL: String?
  /// Includes pages marked `draft: true`.
  public var includeDrafts = false
  /// Includes pages dated after `today`.
  public var includeFuture = false
  /// Makes every internal link relative and points folders at their `index.html`, so the site
  /// works from any folder and from `file://`.
  public var relativeURLs = false
  /// The date that decides which pages are in the future; the current UTC date by default.
  public var today: PageDate

  public init(
    baseURL: String? = nil, includeDrafts: Bool = false, includeFuture: Bool = false,
    relativeURLs: Bool = false,
    today: PageDate = PageDate.today()
  ) {
    self.baseURL = baseURL
    self.includeDrafts = includeDrafts
    self.includeFuture = includeFuture
    self.relativeURLs = relativeURLs
    self.today = today
  }
}
