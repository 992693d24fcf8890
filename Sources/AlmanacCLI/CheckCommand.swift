import Almanac
import ArgumentParser
import Foundation

struct CheckCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Build the site in memory and report every problem, writing nothing.",
    discussion: """
      Runs the whole build, then checks what a reader would trip over: links and #fragments that \
      lead nowhere (in Markdown, templates and data provenance), missing images and files, pages \
      without a title or summary, ids used twice on a page, chart colours without enough \
      contrast, queries that fail, values that are NULL, and files in Content/ that nothing uses. \
      With --external it also asks every linked site whether the page is still there; otherwise \
      it never touches the network.

      Exit status: 0 when there are no errors (warnings are printed), 1 when there are errors, or \
      any problem at all with --strict, 2 when the command line is wrong.
      """
  )

  @OptionGroup var site: SiteOptions

  @Flag(name: .long, help: "Also check links to other sites (needs the network).")
  var external = false

  @Option(
    name: .long, help: ArgumentHelp("Seconds to wait for each external link.", valueName: "seconds")
  )
  var timeout: Double = 10

  @Option(name: .long, help: ArgumentHelp("External links to check at once.", valueName: "count"))
  var concurrency = 8

  @OptionGroup var report: ReportOptions

  func validate() throws {
    guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    guard concurrency > 0 else { throw ValidationError("--concurrency must be at least 1") }
  }

  func run() async throws {
    let terminal = Terminal()
    let result = Almanac.build(SourceFiles.read(siteAt: site.root), options: site.buildOptions)
    var externalProblems: [Diagnostic] = []
    if external && result.succeeded {
      externalProblems = await ExternalLinkCheck.run(
        result.externalLinks, timeout: timeout, concurrency: concurrency)
    }
    let diagnostics = (result.diagnostics + externalProblems).sorted()
    report.print(diagnostics, terminal: terminal)
    try report.writeReport(
      BuildReport(command: "check", result: result, extraDiagnostics: externalProblems),
      terminal: terminal)
    let errors = diagnostics.filter(\.isError).count
    let warnings = diagnostics.count - errors
    if report.format == .plain {
      terminal.printError(
        "checked \(result.pageCount) pages: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
      )
    }
    if report.fails(diagnostics) { throw ExitCode.siteErrors }
  }
}
