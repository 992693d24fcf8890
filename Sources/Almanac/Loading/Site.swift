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

  public init(baseURL: String? = nil, includeDrafts: Bool = false) {
    self.baseURL = baseURL
    self.includeDrafts = includeDrafts
  }
}
