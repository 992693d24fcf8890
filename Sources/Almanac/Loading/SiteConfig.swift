/// The site's settings, from `Content/site.yml`.
public struct SiteConfig: Sendable, Equatable {
  public var title = "Untitled site"
  public var description = ""
  /// The absolute URL the site is published at, always ending in `/`; nil when not set.
  public var baseURL: String?
  public var language = "en"
  public var author = ""
  public var markdown = MarkdownOptions()

  public init() {}

  static let path = "Content/site.yml"
  static let knownKeys = ["title", "description", "base_url", "language", "author", "markdown"]
}

/// How Markdown is parsed and rendered.
public struct MarkdownOptions: Sendable, Equatable {
  /// Curly quotes, en and em dashes, and ellipses.
  public var smart = true
  /// Let raw HTML written by authors through; off means it is replaced by a comment.
  public var unsafe = true

  public init(smart: Bool = true, unsafe: Bool = true) {
    self.smart = smart
    self.unsafe = unsafe
  }

  static let knownKeys = ["smart", "unsafe"]
}

extension SiteConfig {
  /// Reads `site.yml` from the sources; every problem is added to `diagnostics`.
  static func load(from sources: SourceFiles, diagnostics: inout [Diagnostic]) -> SiteConfig {
    var config = SiteConfig()
    guard let data = sources.files[path] else {
      diagnostics.append(.missingSiteConfig(at: SourceLocation(file: path)))
      return config
    }
    guard let yaml = decodeUTF8(data, file: path, diagnostics: &diagnostics) else { return config }
    guard
      let entries = YAMLNode.parseMapping(
        yaml, origin: SourceLocation(file: path, line: 1, column: 1), diagnostics: &diagnostics,
        notMapping: Diagnostic.siteConfigNotMapping)
    else { return config }
    for entry in entries {
      let node = entry.node
      switch entry.key {
      case "title":
        config.title = node.text(for: "title", diagnostics: &diagnostics) ?? config.title
      case "description":
        config.description = node.text(for: "description", diagnostics: &diagnostics) ?? ""
      case "language":
        config.language = node.text(for: "language", diagnostics: &diagnostics) ?? config.language
      case "author": config.author = node.text(for: "author", diagnostics: &diagnostics) ?? ""
      case "base_url":
        guard let url = node.text(for: "base_url", diagnostics: &diagnostics) else { continue }
        if let normalized = normalizedBaseURL(url) {
          config.baseURL = normalized
        } else {
          diagnostics.append(.invalidBaseURL(url, at: node.location))
        }
      case "markdown":
        config.markdown = markdownOptions(node, &diagnostics)
      default:
        diagnostics.append(
          .unknownKey(
            entry.key, in: "site.yml", suggestion: entry.key.closestMatch(in: knownKeys),
            known: knownKeys, at: entry.keyLocation))
      }
    }
    return config
  }

  /// An absolute `http(s)` URL with a trailing slash, or nil when `text` is not one.
  static func normalizedBaseURL(_ text: String) -> String? {
    let lowered = text.lowercased()
    guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"),
      !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }),
      text.split(separator: "/").count >= 2
    else { return nil }
    return text.hasSuffix("/") ? text : text + "/"
  }

  private static func markdownOptions(_ node: YAMLNode, _ diagnostics: inout [Diagnostic])
    -> MarkdownOptions
  {
    var options = MarkdownOptions()
    guard case .mapping(let entries) = node.value else {
      diagnostics.append(
        .wrongType(key: "markdown", expected: "a mapping", found: node, at: node.location))
      return options
    }
    for entry in entries {
      guard MarkdownOptions.knownKeys.contains(entry.key) else {
        diagnostics.append(
          .unknownKey(
            entry.key, in: "markdown",
            suggestion: entry.key.closestMatch(in: MarkdownOptions.knownKeys),
            known: MarkdownOptions.knownKeys, at: entry.keyLocation))
        continue
      }
      guard case .bool(let flag) = entry.node.value else {
        diagnostics.append(
          .wrongType(
            key: "markdown." + entry.key, expected: "true or false", found: entry.node,
            at: entry.node.location))
        continue
      }
      if entry.key == "smart" { options.smart = flag } else { options.unsafe = flag }
    }
    return options
  }
}
