import Almanac
import ArgumentParser
import Foundation

struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build the site into its output folder.",
    discussion: """
      Reads DIR/Content and DIR/Templates (or the built-in theme when there is no Templates/ \
      folder) and writes the site to DIR/Output. Nothing is written unless the whole site builds \
      without errors; files whose bytes did not change are left untouched, and files the site no \
      longer produces are removed (dotfiles such as Output/.gitignore are kept). The checks of \
      `almanac check` run too, and print warnings.

      Builds are incremental: Output/.almanac/manifest.json records what each page was built \
      from, and the next build renders only the pages whose inputs changed (its Markdown, \
      templates, site.yml, the data its queries read, the page lists it shows). The result is \
      identical to a full build. When a computed figure on a page differs from the previous \
      build's, the build lists the old and new values.

      Exit status: 0 when the site was built, 1 when it has errors (all are printed; with --strict, \
      warnings count as errors), 2 when the command line is wrong.
      """
  )

  @OptionGroup var site: SiteOptions

  @Option(
    name: .long,
    help: ArgumentHelp("Where to write the site (default: <source>/Output).", valueName: "dir"))
  var output: String?

  @Flag(name: .long, help: "Build every page, ignoring the previous build's manifest.")
  var clean = false

  @Flag(name: .long, help: "Print each page that was rendered again, and why.")
  var explain = false

  @OptionGroup var report: ReportOptions

  func run() throws {
    let terminal = Terminal()
    let started = Date()
    let outputFolder =
      output.map { URL(fileURLWithPath: $0, isDirectory: true) }
      ?? site.root.appendingPathComponent("Output", isDirectory: true)

    let sources = SourceFiles.read(siteAt: site.root)
    let previous: BuildManifest.Reading =
      clean ? .none : BuildManifest.read(fromOutputFolder: outputFolder)
    let progress = terminal.progressReporter(label: "Rendering pages", startedAt: started)
    // Pages go to a staging area as they are rendered, and into the output folder only once
    // the whole build has succeeded.
    let staging = OutputWriter.Staging(
      writer: OutputWriter(folder: outputFolder, siteRoot: site.root))
    defer { staging.discard() }
    let result = Almanac.build(
      consume sources, options: site.buildOptions, previous: previous, staging: staging,
      progress: progress)
    terminal.clearProgress()
    report.print(result.notes + result.diagnostics, terminal: terminal)
    guard !report.fails(result.diagnostics) else {
      try report.writeReport(BuildReport(command: "build", result: result), terminal: terminal)
      let count = result.diagnostics.filter { $0.isError || report.strict }.count
      terminal.printError(
        "build failed with \(count) \(report.strict ? "problem" : "error")\(count == 1 ? "" : "s"); "
          + "\(outputFolder.relativePath) was not changed")
      throw ExitCode.siteErrors
    }

    let writeStarted = Date()
    let writing = Result { () throws(OutputWriter.Failure) in
      try staging.commit(result)
    }
    guard case .success(let written) = writing else {
      if case .failure(let failure) = writing {
        report.print([failure.diagnostic], terminal: terminal)
        try report.writeReport(
          BuildReport(command: "build", result: result, extraDiagnostics: [failure.diagnostic]),
          terminal: terminal)
      }
      throw ExitCode.siteErrors
    }
    let seconds = Date().timeIntervalSince(started)
    try report.writeReport(
      BuildReport(
        command: "build", result: result,
        output: BuildReport.Written(
          folder: outputFolder.relativePath, written: written.written, unchanged: written.unchanged,
          removed: written.removed),
        writeSeconds: Date().timeIntervalSince(writeStarted)),
      terminal: terminal)
    if explain { printExplanation(result) }
    printFigureChanges(result.figureChanges)
    let rendered =
      result.isIncremental ? "\(result.pagesRendered) of \(result.pageCount) pages rendered; " : ""
    print(
      "Built \(result.pageCount) pages and \(result.dataFileCount) data files in "
        + String(format: "%.2f", seconds) + " s into \(outputFolder.relativePath)/ "
        + "(\(rendered)\(written.written) written, \(written.unchanged) unchanged, "
        + "\(written.removed) removed)")
  }

  private func printExplanation(_ result: BuildResult) {
    guard result.isIncremental else {
      print("Full build: every page was rendered.")
      return
    }
    if result.rebuilt.isEmpty { print("Nothing changed: no page was rendered again.") }
    for rebuild in result.rebuilt {
      print("\(rebuild.page): " + rebuild.reasons.map(\.message).joined(separator: "; "))
    }
  }

  /// Every changed figure, page by page, so no changed number is published unseen.
  private func printFigureChanges(_ changes: [FigureChange]) {
    guard !changes.isEmpty else { return }
    print("Figures changed since the previous build:")
    var pages: [String] = []
    var byPage: [String: [FigureChange]] = [:]
    for change in changes {
      if byPage[change.page] == nil { pages.append(change.page) }
      byPage[change.page, default: []].append(change)
    }
    for page in pages {
      let list = byPage[page]!.map { "\($0.label) \($0.before) -> \($0.after)" }
      print("  \(page): " + list.joined(separator: "; "))
    }
  }
}
