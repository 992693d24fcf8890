import Yams

/// Every message Almanac shows its users, in one place, so wording stays consistent and each
/// message says how to fix the problem it reports.
extension Diagnostic {
  // MARK: Files

  static func missingContentFolder() -> Diagnostic {
    Diagnostic(
      .error, "no Content/ folder here; run almanac in a site's root folder or pass --source DIR",
      at: nil)
  }

  static func unreadableFile(_ location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "cannot read this file; check that it exists and that you may read it", at: location)
  }

  static func linkOutsideSite(_ location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "symbolic link points outside its folder; copy the file into the site instead",
      at: location)
  }

  static func invalidUTF8(at location: SourceLocation) -> Diagnostic {
    Diagnostic(.error, "file is not valid UTF-8 here; save it with UTF-8 encoding", at: location)
  }

  static func duplicateOutput(_ outputPath: String, first: String, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .error,
      "\(quoted(outputPath)) is also produced by \(first); rename one of them or give one a different slug",
      at: location)
  }

  static func outputWriteFailed(_ path: String, reason: String) -> Diagnostic {
    Diagnostic(
      .error,
      "cannot write \(path) (\(reason)); check free disk space and that the output folder is writable",
      at: nil)
  }

  static func outputPathOutsideFolder(_ path: String) -> Diagnostic {
    Diagnostic(
      .error,
      "refusing to write \(quoted(path)): the path leaves the output folder; this is a bug in Almanac",
      at: nil)
  }

  static func outputFolderHoldsSources(_ folder: String, sources: String) -> Diagnostic {
    Diagnostic(
      .error,
      "refusing to use \(folder) as the output folder: building would overwrite or delete \(sources); "
        + "choose an empty folder or one used only for output, such as Output/",
      at: nil)
  }

  // MARK: YAML

  static func invalidYAML(_ error: YamlError, origin: SourceLocation) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\(problem) \($0.text)" } ?? problem
      return Diagnostic(
        .error, "invalid YAML: \(detail); fix the syntax on this line", at: origin.located(mark))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map(quoted).joined(separator: ", ")
      return Diagnostic(
        .error,
        "duplicate key \(keys); each key may appear only once, so remove or rename the repeat",
        at: origin.located(context.mark))
    case .reader(let problem, _, _, _):
      return Diagnostic(
        .error, "invalid YAML: \(problem); save the file as plain UTF-8 text", at: origin)
    default:
      return invalidYAML(description: "\(error)", at: origin)
    }
  }

  static func invalidYAML(description: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(.error, "invalid YAML: \(description); fix the syntax here", at: location)
  }

  static func yamlTooLarge(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "YAML expands to more than \(YAMLNode.maximumNodeCount) values (aliases repeated too often?); "
        + "write the values out instead of nesting aliases",
      at: location)
  }

  static func yamlKeyNotText(at location: SourceLocation) -> Diagnostic {
    Diagnostic(.error, "keys must be plain words; write this key as text", at: location)
  }

  static func unknownKey(
    _ key: String, in scope: String, suggestion: String?, known: [String],
    at location: SourceLocation
  ) -> Diagnostic {
    let hint =
      suggestion.map { "did you mean \(quoted($0))?" }
      ?? "known keys are " + known.map(quoted).joined(separator: ", ")
    return Diagnostic(.error, "unknown key \(quoted(key)) in \(scope) (\(hint))", at: location)
  }

  static func wrongType(key: String, expected: String, found: YAMLNode, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(.error, "\(quoted(key)) must be \(expected), not \(found.kindName)", at: location)
  }

  // MARK: Site settings

  static func missingSiteConfig(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "site settings not found; create Content/site.yml with at least a `title:` line",
      at: location)
  }

  static func siteConfigNotMapping(found kind: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "site.yml must be a list of `key: value` settings, not \(kind)", at: location)
  }

  static func invalidBaseURL(_ url: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "base_url \(quoted(url)) is not an absolute URL; write it like https://example.org/",
      at: location)
  }

  static func invalidBaseURLOption(_ url: String) -> Diagnostic {
    Diagnostic(
      .error,
      "--base-url \(quoted(url)) is not an absolute URL; write it like https://example.org/pr-1/",
      at: nil)
  }

  // MARK: Pages

  static func unclosedFrontMatter(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "front matter starts with `---` but never ends; add a `---` line after its last key",
      at: location)
  }

  static func frontMatterNotMapping(found kind: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(.error, "front matter must be `key: value` lines, not \(kind)", at: location)
  }

  static func invalidDate(_ text: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "\(quoted(text)) is not a valid date; write a real date as YYYY-MM-DD, such as 2013-02-28",
      at: location)
  }

  static func invalidSlug(_ slug: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "slug \(quoted(slug)) must be a single URL segment; remove slashes, `..`, `?`, `#` and `%`",
      at: location)
  }

  static func slugOnIndexPage(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .warning, "`slug` has no effect on an index page; rename its folder to change its URL",
      at: location)
  }

  static func missingLayout(
    _ layout: String, suggestion: String?, known: [String], at location: SourceLocation?
  ) -> Diagnostic {
    let hint =
      suggestion.map { "did you mean \(quoted($0))?" }
      ?? "add Templates/\(layout).html or use one of " + known.map(quoted).joined(separator: ", ")
    return Diagnostic(.error, "layout \(quoted(layout)) not found (\(hint))", at: location)
  }

  static func missingTagLayouts() -> Diagnostic {
    Diagnostic(
      .warning,
      "pages have tags but Templates/ has no tag.html and tags.html layouts, so no tag pages were made; "
        + "add both layouts",
      at: SourceLocation(file: SourceFiles.templatesFolder))
  }

  // MARK: Data files

  static func duplicateTableName(_ name: String, other: String, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .error, "table \(quoted(name)) is also loaded from \(other); rename one of the two files",
      at: location)
  }

  static func invalidTableName(_ name: String, at location: SourceLocation) -> Diagnostic {
    let suggestion = name.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    return Diagnostic(
      .error,
      "\(quoted(name)) can't be used as a table name in SQL; rename the file to use only letters, digits "
        + "and underscores, such as \(quoted(suggestion))",
      at: location)
  }

  static func malformedCSV(_ failure: CSVParser.Failure, file: String) -> Diagnostic {
    switch failure {
    case .unterminatedQuote(let line, let column):
      return Diagnostic(
        .error,
        "quoted field is never closed; add the closing `\"` (write a quote inside a field as `\"\"`)",
        at: SourceLocation(file: file, line: line, column: column))
    case .quoteInUnquotedField(let line, let column):
      return Diagnostic(
        .error,
        "quote inside an unquoted field; quote the whole field and double the quote: `\"a \"\"b\"\"\"`",
        at: SourceLocation(file: file, line: line, column: column))
    case .textAfterClosingQuote(let line, let column):
      return Diagnostic(
        .error, "text after a closing quote; put it inside the quotes or add a separator before it",
        at: SourceLocation(file: file, line: line, column: column))
    case .invalidUTF8(let line, let column):
      return invalidUTF8(at: SourceLocation(file: file, line: line, column: column))
    }
  }

  static func emptyDataFile(at location: SourceLocation) -> Diagnostic {
    Diagnostic(.error, "data file is empty; add a header row with the column names", at: location)
  }

  static func emptyColumnName(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "column has no name; give every column a name in the header row", at: location)
  }

  static func duplicateColumnName(_ name: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "column \(quoted(name)) appears twice in the header; rename one of them", at: location
    )
  }

  static func wrongFieldCount(_ count: Int, expected: Int, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .error,
      "row has \(count) field\(count == 1 ? "" : "s") but the header has \(expected); "
        + "add or remove separators, or quote fields that contain one",
      at: location)
  }

  static func valueDoesNotMatchType(
    _ text: String, column: String, type: ColumnType, at location: SourceLocation
  ) -> Diagnostic {
    Diagnostic(
      .error,
      "\(quoted(text)) in column \(quoted(column)) is not \(type.phrase); fix the value or change the column's "
        + "type in the schema",
      at: location)
  }

  static func unknownSchemaColumn(_ name: String, suggestion: String?, at location: SourceLocation)
    -> Diagnostic
  {
    let hint = suggestion.map { " (did you mean \(quoted($0))?)" } ?? "; remove it from the schema"
    return Diagnostic(
      .error, "the schema describes column \(quoted(name)), which the data doesn't have\(hint)",
      at: location)
  }

  static func unknownColumnType(
    _ type: String, suggestion: String?, known: [String], at location: SourceLocation
  ) -> Diagnostic {
    let hint =
      suggestion.map { "did you mean \(quoted($0))?" } ?? "use one of "
      + known.map(quoted).joined(separator: ", ")
    return Diagnostic(.error, "unknown column type \(quoted(type)) (\(hint))", at: location)
  }

  static func dataNotAList(format: DataFormat, at location: SourceLocation) -> Diagnostic {
    let shape =
      format == .json
      ? "an array of objects, like [{\"a\": 1}, {\"a\": 2}]" : "a list of mappings (`- a: 1`)"
    return Diagnostic(.error, "a data file must hold \(shape)", at: location)
  }

  static func nestedDataValue(key: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "\(quoted(key)) holds a list or mapping; table cells must be single values, so flatten it into columns",
      at: location)
  }

  // MARK: Queries and values

  static func invalidQueryName(_ name: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "query name \(quoted(name)) must use only letters, digits and underscores, and not start with a digit",
      at: location)
  }

  static func tableLoadFailed(_ name: String, message: String, at location: SourceLocation?)
    -> Diagnostic
  {
    Diagnostic(
      .error,
      "cannot load table \(quoted(name)) into SQLite: \(message); check the file's header row and column names",
      at: location)
  }

  static func queryFailed(
    _ name: String, message: String, suggestion: String?, at location: SourceLocation
  )
    -> Diagnostic
  {
    let hint =
      suggestion.map { " (did you mean \(quoted($0))?)" }
      ?? (message.hasSuffix("syntax error") ? "; fix the SQL at this point" : "")
    return Diagnostic(.error, "query \(quoted(name)): \(message)\(hint)", at: location)
  }

  static func incompleteGenerator(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "`generate` needs both `query` (which rows) and `slug` (each page's URL, like \"{state_name}\")",
      at: location)
  }

  static func unknownQuery(
    _ name: String, suggestion: String?, known: [String], at location: SourceLocation
  )
    -> Diagnostic
  {
    let hint =
      suggestion.map { "did you mean \(quoted($0))?" }
      ?? (known.isEmpty
        ? "define it under `queries:` in the front matter or in Content/queries/\(name).sql"
        : "known: " + known.map(quoted).joined(separator: ", "))
    return Diagnostic(.error, "unknown query \(quoted(name)) (\(hint))", at: location)
  }

  static func unknownColumn(
    _ column: String, in query: String, suggestion: String?, known: [String],
    at location: SourceLocation
  ) -> Diagnostic {
    let hint =
      suggestion.map { "did you mean \(quoted($0))?" } ?? "its columns are "
      + known.map(quoted).joined(separator: ", ")
    return Diagnostic(
      .error, "unknown column \(quoted(column)) in \(quoted(query)) (\(hint))", at: location)
  }

  static func generatorPlaceholder(_ names: [String], known: [String], at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .error,
      "no column " + names.map(quoted).joined(separator: ", ")
        + " in the generating query; use one of "
        + known.map(quoted).joined(separator: ", "),
      at: location)
  }

  static func emptyGeneratedSlug(row: Int, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "row \(row) of the generating query gives an empty slug; choose columns that are never empty",
      at: location)
  }

  static func notOneRow(_ query: String, rows: Int, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "\(quoted(query)) returns \(rows) rows, but a value in prose needs exactly one; add a WHERE clause or "
        + "aggregate, or show it with a ```table block",
      at: location)
  }

  static func notOneColumn(_ query: String, columns: [String], at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .error,
      "\(quoted(query)) has \(columns.count) columns; name one, as in `=\(query).\(columns.first ?? "column")`",
      at: location)
  }

  static func invalidValueReference(_ text: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "\(quoted(text)) is not a value reference; write `=query.column` or `=query.column | format`",
      at: location)
  }

  static func invalidFormat(_ message: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(.error, "bad format: \(message)", at: location)
  }

  static func nullValue(_ reference: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .warning,
      "\(reference) is NULL, so the page shows \"\(ValueText.missing)\"; check the query and the data",
      at: location)
  }

  static func invalidTableBlock(_ problem: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(.error, "table block: \(problem)", at: location)
  }

  // MARK: Charts

  static func invalidChart(_ problem: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(.error, "chart: \(problem)", at: location)
  }

  static func missingChartKey(_ key: String, at location: SourceLocation) -> Diagnostic {
    let why =
      switch key {
      case "title": "every chart needs a title; say what it shows"
      case "description":
        "every chart needs a description, the text screen readers read: what is measured and the main takeaway"
      case "id": "every chart needs an id, used for its anchor, such as `removals-by-level`"
      case "type": "say which kind of chart to draw, such as `type: bar`"
      default: "say which query or table to draw, such as `data: by_level`"
      }
    return Diagnostic(.error, "chart is missing `\(key)`: \(why)", at: location)
  }

  static func invalidChartID(_ id: String, suggestion: String, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .error,
      "chart id \(quoted(id)) must be lowercase words joined by hyphens, such as \(quoted(suggestion))",
      at: location)
  }

  static func unknownChoice(
    _ value: String, for key: String, suggestion: String?, known: [String],
    at location: SourceLocation
  ) -> Diagnostic {
    let hint =
      suggestion.map { "did you mean \(quoted($0))?" } ?? "use one of "
      + known.map(quoted).joined(separator: ", ")
    return Diagnostic(.error, "\(quoted(value)) is not a valid `\(key)` (\(hint))", at: location)
  }

  static func chartFieldRequired(_ channel: String, kind: String, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(.error, "a \(kind) chart needs `\(channel): {field: …}`", at: location)
  }

  static func chartValueNotNumber(_ value: String, field: String, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .error,
      "\(quoted(value)) in \(quoted(field)) is not a number; choose a numeric column or fix the query",
      at: location)
  }

  static func chartValueNotDate(_ value: String, field: String, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .error,
      "\(quoted(value)) in \(quoted(field)) is not a date (YYYY-MM-DD or YYYY-MM) for a time axis",
      at: location)
  }

  static func chartHasNoData(_ data: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "chart data \(quoted(data)) has no rows with values to draw; check the query",
      at: location)
  }

  static func tooManyCategories(_ count: Int, limit: Int, at location: SourceLocation) -> Diagnostic
  {
    Diagnostic(
      .error,
      "chart has \(count) categories, more than the \(limit) a reader can tell apart; group the rest in the query "
        + "(for example with a LIMIT and an \"Other\" row)",
      at: location)
  }

  static func logScaleNeedsPositive(_ field: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "a log scale can't show zero or negative values in \(quoted(field)); filter them out or use a linear scale",
      at: location)
  }

  static func badAnnotation(_ value: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "annotation value \(quoted(value)) doesn't fit the axis; use a value of the axis's kind",
      at: location)
  }

  // MARK: Checks

  static func brokenLink(_ url: String, at location: SourceLocation?) -> Diagnostic {
    Diagnostic(
      .warning, "link to \(quoted(url)) leads to no page of the site; fix the path or add the page",
      at: location)
  }

  static func missingAsset(_ url: String, at location: SourceLocation?) -> Diagnostic {
    Diagnostic(
      .warning, "\(quoted(url)) is not in the site; add the file under Content/ or fix the path",
      at: location)
  }

  static func missingFragment(
    _ fragment: String, page: String, suggestion: String?, at location: SourceLocation?
  ) -> Diagnostic {
    let hint =
      suggestion.map { " (did you mean \(quoted("#" + $0))?)" }
      ?? "; link to a heading or chart id that exists"
    return Diagnostic(
      .warning, "\(page) has no element with id \(quoted(fragment))\(hint)", at: location)
  }

  static func linkOutsideBasePath(_ url: String, basePath: String, at location: SourceLocation?)
    -> Diagnostic
  {
    Diagnostic(
      .warning,
      "\(quoted(url)) leaves the site, which is served under \(basePath); write the link relative to the page or as /path/ in Markdown",
      at: location)
  }

  static func duplicateID(_ id: String, at location: SourceLocation?) -> Diagnostic {
    Diagnostic(
      .warning,
      "id \(quoted(id)) appears more than once on this page, so links to it are ambiguous; rename one",
      at: location)
  }

  static func pageWithoutTitle(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .warning, "page has no title, so lists and search results show its file name; add `title:`",
      at: location)
  }

  static func pageWithoutSummary(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .warning,
      "page has no summary for lists, feeds and search results; add `summary:` or an opening paragraph",
      at: location)
  }

  static func unusedFile(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .warning, "no page links to this file and no query reads it; link it, use it, or remove it",
      at: location)
  }

  static func lowChartContrast(
    _ property: String, color: String, background: String, ratio: Double, mode: String,
    at location: SourceLocation
  ) -> Diagnostic {
    let shown = (try? NumberFormat(".2f").format(ratio)) ?? "\(ratio)"
    return Diagnostic(
      .warning,
      "\(property) \(color) has contrast \(shown):1 against the \(mode) background \(background); chart marks need 3:1, so darken or lighten it",
      at: location)
  }

  static func externalLinkFailed(_ url: String, problem: String, at location: SourceLocation?)
    -> Diagnostic
  {
    Diagnostic(
      .warning, "external link \(quoted(url)) failed: \(problem); fix or remove the link",
      at: location)
  }

  // MARK: Templates

  static func templateSyntax(_ problem: String, at location: SourceLocation) -> Diagnostic {
    let explanation: String
    switch problem {
    case "sectionCloseNameIncorrect":
      explanation =
        "this closing tag doesn't match the section it closes; check the name after `{{/`"
    case "unfinishedName":
      explanation = "a tag is not closed; end it with `}}`"
    case "expectedSectionEnd":
      explanation = "a section is never closed; add its `{{/name}}`"
    case "invalidSetDelimiter":
      explanation = "invalid delimiter change; write it like `{{=<% %>=}}`"
    case "transformAppliedToInheritanceSection":
      explanation =
        "transforms can't be applied to `{{<layout}}` or `{{$block}}` tags; remove the transform"
    case "illegalTokenInsideInheritSection", "textInsideInheritSection":
      explanation =
        "inside `{{<layout}}…{{/layout}}` only `{{$block}}…{{/block}}` overrides are allowed"
    default:
      explanation = "template syntax error (\(problem)); check the tags on this line"
    }
    return Diagnostic(.error, explanation, at: location)
  }

  static func missingPartial(_ name: String, suggestion: String?, at location: SourceLocation)
    -> Diagnostic
  {
    let hint =
      suggestion.map { "did you mean \(quoted($0))?" }
      ?? "add Templates/partials/\(name).html"
    return Diagnostic(.error, "template \(quoted(name)) not found (\(hint))", at: location)
  }

  static func templateNameClash(_ name: String, other: String, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .error, "template name \(quoted(name)) is also used by \(other); rename one of the two files",
      at: location)
  }

  static func quoted(_ text: String) -> String { "\"\(text)\"" }
}

// MARK: - Incremental builds

extension Diagnostic {
  static func manifestUnreadable(at location: SourceLocation?) -> Diagnostic {
    Diagnostic(
      .note, "the build manifest is damaged, so every page is built again (this repairs it)",
      at: location)
  }

  static func manifestFromOtherVersion(_ version: String, at location: SourceLocation)
    -> Diagnostic
  {
    Diagnostic(
      .note,
      "the build manifest was written by another build of Almanac (\(version), this is \(Almanac.buildIdentity)), so every page is built again",
      at: location)
  }

  static func buildOptionsChanged() -> Diagnostic {
    Diagnostic(
      .note,
      "the build options (base URL, drafts, future pages or relative URLs) differ from the previous build's, so every page is built again",
      at: nil)
  }
}

extension RebuildReason {
  /// The reason as `almanac build --explain` prints it after the page's path.
  public var message: String {
    switch self {
    case .newPage: return "new page"
    case .outputDamaged: return "its output file was removed or changed by hand"
    case .fileChanged(let path): return "\(path) changed"
    case .settingsChanged: return "\(SiteConfig.path) changed"
    case .tableChanged(let table): return "data table \(table) changed"
    case .queryChanged(let query): return "the result of query \(query) changed"
    case .rowChanged: return "its row of the generating query changed"
    case .templateChanged(let layout):
      return "layout \(Diagnostic.quoted(layout)) or a template it uses changed"
    case .listChanged(let list): return "the \(list) list it shows changed"
    case .summaryChanged: return "its title, date, tags or summary changed"
    case .feedEntriesChanged: return "an entry of the feed changed"
    }
  }
}

extension Diagnostic {
  // MARK: - Hostile input

  static func includeCycle(_ names: [String], at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "template \(quoted(names[0])) includes itself (\(names.joined(separator: " → "))), which "
        + "would never finish; remove one of these `{{> …}}` or `{{< …}}` tags",
      at: location)
  }

  static func unknownTemplateName(
    _ root: String, key: String, suggestion: String?, at location: SourceLocation
  ) -> Diagnostic {
    let hint =
      suggestion.map { "did you mean \(quoted(root + "." + $0))?" }
      ?? "docs/templates.md lists every key"
    return Diagnostic(
      .warning,
      "\(quoted(root + "." + key)) is never set, so it renders as nothing (\(hint))",
      at: location)
  }

  static func yamlTabIndentation(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error, "YAML can't be indented with tabs; indent this line with spaces", at: location)
  }

  static func layoutIsPath(_ layout: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "layout \(quoted(layout)) must be the name of a template in Templates/, not a path; "
        + "write a name such as \"article\"",
      at: location)
  }

  static func yamlTooDeep(at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      .error,
      "YAML is nested more than 1000 levels deep here; flatten it (no setting needs more than a few levels)",
      at: location)
  }
}

// MARK: - Preview server

extension Diagnostic {
  public static func cannotWatchFolders(_ folder: String, reason: String) -> Diagnostic {
    Diagnostic(
      .error,
      "cannot watch \(folder) for changes (\(reason)); check that the folder exists and that you "
        + "may read it, or raise fs.inotify.max_user_instances with sysctl",
      at: nil)
  }

  public static func tooManyFoldersToWatch(_ folder: String) -> Diagnostic {
    Diagnostic(
      .warning,
      "ran out of inotify watches at \(folder), so changes below it won't rebuild the site; "
        + "raise the limit with `sysctl fs.inotify.max_user_watches=524288` and restart almanac serve",
      at: nil)
  }

  public static func invalidHost(_ host: String) -> Diagnostic {
    Diagnostic(
      .error,
      "--host \(quoted(host)) is not an IP address; pass 127.0.0.1 (this machine only, the "
        + "default), 0.0.0.0 (every network), ::1, or one of this machine's addresses",
      at: nil)
  }

  public static func portInUse(_ address: String) -> Diagnostic {
    Diagnostic(
      .error,
      "\(address) is already in use; stop the other server or pick another port with --port "
        + "(--port 0 picks a free one)",
      at: nil)
  }

  public static func cannotListen(_ address: String, reason: String) -> Diagnostic {
    Diagnostic(
      .error,
      "cannot serve on \(address) (\(reason)); pick another --port (ports below 1024 need root) "
        + "or a --host that is one of this machine's addresses",
      at: nil)
  }
}

extension Diagnostic {
  public static func servingBeyondThisMachine(_ host: String) -> Diagnostic {
    Diagnostic(
      .warning,
      "--host \(host) lets other machines on the network read the site and its drafts; "
        + "leave --host out to serve this machine only",
      at: nil)
  }
}
