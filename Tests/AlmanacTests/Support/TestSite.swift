import Foundation

@testable import Almanac

/// Small sites written inline, built in memory, as Hugo's integration tests do.
enum TestSite {
  /// The repository's root folder, found from this file's path.
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Minimal templates that print only what tests look at, so tests don't change with the theme.
  static let templates: [String: String] = [
    "Templates/base.html":
      "<title>{{$title}}{{page.title}}{{/title}}</title>\n{{$main}}{{/main}}\n",
    "Templates/article.html":
      "{{<base}}{{$main}}<article>{{{page.content}}}</article>{{/main}}{{/base}}",
    "Templates/home.html":
      "{{<base}}{{$main}}{{#section.pages}}<a href=\"{{url}}\">{{title}}</a>\n{{/section.pages}}{{/main}}{{/base}}",
    "Templates/section.html":
      "{{<base}}{{$main}}{{#section.pages}}<a href=\"{{url}}\">{{title}}</a>\n{{/section.pages}}{{/main}}{{/base}}",
    "Templates/tag.html":
      "{{<base}}{{$main}}{{#tag.pages}}{{title}}\n{{/tag.pages}}{{/main}}{{/base}}",
    "Templates/tags.html":
      "{{<base}}{{$main}}{{#site.tags}}{{name}}:{{count}}\n{{/site.tags}}{{/main}}{{/base}}",
  ]

  static let siteConfig = "title: Test site\nbase_url: https://example.org/\n"

  /// Sources with a `site.yml`, the minimal templates, and `files` on top.
  static func sources(_ files: [String: String], templates: [String: String] = templates)
    -> SourceFiles
  {
    var texts = templates
    texts["Content/site.yml"] = siteConfig
    texts.merge(files) { $1 }
    return SourceFiles(texts: texts)
  }

  static func build(_ files: [String: String], options: BuildOptions = BuildOptions())
    -> BuildResult
  {
    Almanac.build(sources(files), options: options)
  }

  /// The formatted diagnostics of a build, one per line, for exact comparisons.
  static func messages(_ result: BuildResult) -> [String] {
    result.diagnostics.map { $0.formatted() }
  }

  /// Only the errors, for tests about something other than the site checks' warnings.
  static func errors(_ result: BuildResult) -> [String] {
    result.diagnostics.filter(\.isError).map { $0.formatted() }
  }
}
