/// A page body after Markdown rendering, with what the rest of the build needs to know about it.
struct RenderedMarkdown: Sendable {
  var html: String
  var headings: [Heading]
  /// The plain text of the first paragraph, for pages that have no `summary`.
  var firstParagraph: String
  var wordCount: Int
  /// The reserved extension points found in the body, whether or not anything replaced them.
  var directives: [MarkdownDirective]
  /// Problems found while rendering directives.
  var diagnostics: [Diagnostic] = []
}

/// A heading with the unique id it was given on its page.
struct Heading: Sendable, Equatable {
  var level: Int
  var id: String
  var title: String
  var location: SourceLocation
}

/// A reserved piece of Markdown that later stages turn into something else: a fenced block whose
/// info string is `chart` or `table`, or an inline code span that starts with `=`.
struct MarkdownDirective: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    /// A fenced block; `name` is the first word of its info string.
    case block(name: String)
    /// An inline code span starting with `=`; the text is what follows the `=`.
    case inlineValue
  }

  static let blockNames: Set<String> = ["chart", "table"]

  var kind: Kind
  var text: String
  var location: SourceLocation
  /// The level of the Markdown heading the directive sits under; 1, the page's own `<h1>`, before
  /// the first heading. A chart's title is a heading one level below it, so headings never skip
  /// a level.
  var sectionLevel = 1
}

/// Turns directives into HTML. Returning nil leaves the directive as ordinary code; a renderer
/// that can't render one reports why in `diagnostics`.
protocol DirectiveRendering {
  func html(for directive: MarkdownDirective, diagnostics: inout [Diagnostic]) -> String?
}
