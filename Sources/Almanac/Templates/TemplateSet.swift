import Foundation
import Mustache

/// The site's templates: layouts in `Templates/*.html`, partials in `Templates/partials/*.html`,
/// and theme files in `Templates/static/`, which are copied to the output's root.
struct TemplateSet: Sendable {
  var library: MustacheLibrary
  var layouts: Set<String>
  var partials: Set<String>
  /// Theme files to copy, keyed by their path in the output.
  var staticFiles: [String: Data]
  /// Where the templates came from: `Templates/` or the default theme built into Almanac.
  var isDefaultTheme: Bool
  /// Every layout's and partial's text, by name, for working out what a layout depends on.
  var texts: [String: String] = [:]

  static let partialsFolder = "partials/"
  static let staticFolder = "static/"
  static let fileExtension = ".html"

  /// Loads the site's `Templates/` folder, or the default theme when the site has none.
  static func load(from sources: SourceFiles, diagnostics: inout [Diagnostic]) -> TemplateSet {
    let root = SourceFiles.templatesFolder
    let usesDefault = !sources.contains(folder: root)
    let files: [String: Data] =
      usesDefault
      ? Dictionary(uniqueKeysWithValues: DefaultTheme.files.map { (root + $0.key, $0.value) })
      : sources.files.filter { $0.key.hasPrefix(root) }

    var set = TemplateSet(
      library: MustacheLibrary(), layouts: [], partials: [], staticFiles: [:],
      isDefaultTheme: usesDefault)
    var texts: [(name: String, path: String, text: String)] = []
    var namePaths: [String: String] = [:]
    for path in files.keys.sorted() {
      let relative = String(path.dropFirst(root.count))
      if relative.hasPrefix(staticFolder) {
        set.staticFiles[String(relative.dropFirst(staticFolder.count))] = files[path]
        continue
      }
      guard relative.hasSuffix(fileExtension) else { continue }
      let isPartial = relative.hasPrefix(partialsFolder)
      let name = String(
        relative.dropFirst(isPartial ? partialsFolder.count : 0).dropLast(fileExtension.count))
      guard isPartial || !name.contains("/") else { continue }
      if let other = namePaths[name] {
        diagnostics.append(.templateNameClash(name, other: other, at: SourceLocation(file: path)))
        continue
      }
      namePaths[name] = path
      guard let text = decodeUTF8(files[path]!, file: path, diagnostics: &diagnostics) else {
        continue
      }
      do {
        set.library.register(try compile(text), named: name)
        texts.append((name, path, text))
        set.texts[name] = text
        if isPartial { set.partials.insert(name) } else { set.layouts.insert(name) }
      } catch let error as MustacheTemplate.ParserError {
        // Still counts as defined, so pages using it don't also report a missing layout.
        if isPartial { set.partials.insert(name) } else { set.layouts.insert(name) }
        diagnostics.append(
          .templateSyntax(
            String(describing: error.error),
            at: SourceLocation(
              file: path, line: max(1, error.context.lineNumber - addedLines),
              column: error.context.columnNumber)))
      } catch {
        if isPartial { set.partials.insert(name) } else { set.layouts.insert(name) }
        diagnostics.append(
          .templateSyntax("\(error)", at: SourceLocation(file: path, line: 1, column: 1)))
      }
    }
    let known = set.layouts.union(set.partials)
    var references: [String: [Reference]] = [:]
    for (name, path, text) in texts {
      references[name] = partialReferences(in: text, file: path)
      for reference in references[name]! where !known.contains(reference.name) {
        diagnostics.append(
          .missingPartial(
            reference.name, suggestion: reference.name.closestMatch(in: known),
            at: reference.location))
      }
      diagnostics += unknownNames(in: text, file: path)
    }
    diagnostics += includeCycles(in: references)
    return set
  }

  /// The names a template includes with `{{> name}}` or extends with `{{< name}}`, with their
  /// positions. Mustache resolves these only while rendering, where a missing one silently
  /// renders nothing, so they are checked up front.
  static func partialReferences(in text: String, file: String) -> [Reference] {
    tags(in: text, file: file).compactMap { tag in
      guard let sigil = tag.content.first, sigil == ">" || sigil == "<" else { return nil }
      let name = tag.content.dropFirst().trimmingCharacters(in: .whitespaces)
      return name.isEmpty || name.hasPrefix("*") ? nil : (name, tag.location)
    }
  }

  /// Renders `layout` with a context; the layout must exist (checked when pages are loaded).
  func render(_ context: [String: Any], layout: String) -> String {
    library.render(context, withTemplate: layout) ?? ""
  }
}
