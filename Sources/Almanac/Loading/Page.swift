/// One page of the site: a Markdown file from `Content/`, or a page Almanac makes itself
/// (a tag page, the tag index, the 404 page).
struct Page: Sendable {
  enum Kind: String, Sendable {
    case home
    case section
    case page
    case tag
    case tags
    case notFound = "404"
  }

  var kind: Kind
  /// The URL path below the site's root, without a leading slash: `""` for the home page,
  /// `articles/rollout/` for an article, `404.html` for the 404 page.
  var route: String
  var layout: String
  var title: String
  var frontMatter = FrontMatter()
  /// The Markdown file this page comes from, relative to the site's root.
  var sourcePath: String?
  var body = ""
  /// Where the body starts in `sourcePath`.
  var bodyLocation = SourceLocation(file: "")
  /// The route of the section that lists this page; nil for the home page and for the pages
  /// Almanac makes itself (tags, the 404 page).
  var sectionRoute: String?
  /// For pages made by `generate:`, the row they were made from.
  var row: [String: DataValue]?

  /// The output file that holds the page.
  var outputPath: String { Self.outputPath(for: route) }

  /// Whether the page appears in the site's page lists, feed and tag pages.
  var isListed: Bool { kind == .page }
}
