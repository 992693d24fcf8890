import Mustache

extension TemplateSet {
  /// Escapes `{{name}}` through `Escape.html`. Mustache's own HTML escaping walks the text a
  /// `Character` at a time, which cost a twentieth of a build's instructions; and a grapheme
  /// such as a quote followed by a combining mark slipped through it unescaped, though a
  /// browser still reads that quote as the end of an attribute.
  private struct HTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { Escape.html(text) }
  }

  private static let contentTypeName = "ALMANAC_HTML"

  private static let registration: Void = MustacheContentTypes.register(
    HTMLEscaping(), named: contentTypeName)

  /// A standalone pragma line, which Mustache drops from the output. Every template, partials
  /// included, starts with it, since Mustache resets the content type for each partial.
  private static let escapingPragma = "{{% CONTENT_TYPE: \(contentTypeName)}}\n"

  /// The lines `compile` adds above a template's text; error positions are moved up by them.
  static let addedLines = 1

  /// Compiles a template's text so that it escapes with `Escape.html`.
  static func compile(_ text: String) throws -> MustacheTemplate {
    _ = registration
    return try MustacheTemplate(string: escapingPragma + text)
  }
}
