import Foundation
import Testing

@testable import Almanac

/// `almanac check` and the build's report options, run as a user would.
@Suite struct CheckCommandTests {
  static let site = CLITests.goodSite.merging([
    "Content/articles/b.md": "---\ntitle: B\nsummary: Links.\n---\nA [dead link](../nowhere/).\n"
  ]) { $1 }

  @Test func checkWritesNothingAndExitsZeroWithWarnings() throws {
    let folder = try TemporarySite(Self.site)
    defer { folder.remove() }
    let result = try CLIRunner.run(["check", "--source", folder.path])
    #expect(result.exitCode == 0, "\(result)")
    #expect(
      result.stderrLines == [
        "Content/articles/b.md:5:15: warning: link to \"../nowhere/\" leads to no page of the site; fix the path or add the page",
        "checked 4 pages: 0 errors, 1 warning",
      ])
    #expect(!folder.exists("Output"))
  }

  @Test func strictTurnsWarningsIntoFailures() throws {
    let folder = try TemporarySite(Self.site)
    defer { folder.remove() }
    #expect(try CLIRunner.run(["check", "--strict", "--source", folder.path]).exitCode == 1)
    let build = try CLIRunner.run(["build", "--strict", "--source", folder.path])
    #expect(build.exitCode == 1)
    #expect(
      build.stderrLines.last == "build failed with 1 problem; \(folder.path)/Output was not changed"
    )
    #expect(!folder.exists("Output"))
  }

  @Test func errorsFailTheCheck() throws {
    let folder = try TemporarySite(
      Self.site.merging(["Content/bad.md": "---\ndate: 2013-02-30\n---\n"]) { $1 })
    defer { folder.remove() }
    let result = try CLIRunner.run(["check", "--source", folder.path])
    #expect(result.exitCode == 1)
    #expect(result.stderrLines.last == "checked 0 pages: 1 error, 0 warnings")
  }

  @Test func gitHubFormatPrintsWorkflowCommands() throws {
    let folder = try TemporarySite(Self.site)
    defer { folder.remove() }
    let result = try CLIRunner.run(["check", "--format", "github", "--source", folder.path])
    #expect(result.exitCode == 0)
    #expect(
      result.stderrLines == [
        "::warning file=Content/articles/b.md,line=5,col=15::link to \"../nowhere/\" leads to no page of the site; fix the path or add the page"
      ])
  }

  @Test func buildWritesAReportThatMatchesTheSchema() throws {
    let folder = try TemporarySite(Self.site)
    defer { folder.remove() }
    let reportPath = folder.url("report.json").path
    let result = try CLIRunner.run(["build", "--json", reportPath, "--source", folder.path])
    #expect(result.exitCode == 0, "\(result)")
    let schemaURL = TestSite.repositoryRoot.appendingPathComponent("docs/build-report.schema.json")
    let schema = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
    let report = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: reportPath)))
    #expect(JSONSchema.problems(report, against: schema) == [])
    let object = try #require(report as? [String: Any])
    #expect(object["command"] as? String == "build")
    #expect((object["diagnostics"] as? [[String: Any]])?.first?["line"] as? Int == 5)
    #expect(
      (object["output"] as? [String: Any])?["written"] as? Int == CLITests.goodOutput.count + 1)
  }

  /// Port 9 (discard) on the loopback interface has no server here, so the request is refused
  /// at once, without reaching any network.
  @Test func externalLinksAreCheckedOnlyWhenAsked() throws {
    let unreachable = "http://127.0.0.1:9/gone.html"
    let folder = try TemporarySite(
      Self.site.merging([
        "Content/articles/b.md": "---\ntitle: B\nsummary: Links.\n---\n[Down](\(unreachable)).\n",
        // No link to another host, so the check never looks a name up.
        "Content/articles/a.md":
          "---\ntitle: A\nsummary: S.\n---\n[Data](../../data/numbers.csv), [more](../../data/more.csv).\n",
      ]) { $1 })
    defer { folder.remove() }
    let offline = try CLIRunner.run(["check", "--source", folder.path])
    #expect(offline.stderrLines == ["checked 4 pages: 0 errors, 0 warnings"])
    let online = try CLIRunner.run([
      "check", "--external", "--timeout", "5", "--source", folder.path,
    ])
    #expect(online.exitCode == 0, "\(online)")
    #expect(online.stderrLines.count == 2, "\(online)")
    #expect(
      online.stderrLines.first?.hasPrefix(
        "Content/articles/b.md:5:8: warning: external link \"\(unreachable)\" failed: ") == true,
      "\(online)")
    let strict = try CLIRunner.run([
      "check", "--external", "--strict", "--timeout", "5", "--source", folder.path,
    ])
    #expect(strict.exitCode == 1)
  }

  @Test func twoCheckoutsInDifferentFoldersBuildTheSameBytes() throws {
    let first = try TemporarySite()
    let second = try TemporarySite()
    defer {
      first.remove()
      second.remove()
    }
    for folder in [first, second] {
      try FileManager.default.copyItem(
        at: FixtureSiteTests.siteFolder.appendingPathComponent("Content"), to: folder.url("Content")
      )
      let result = try CLIRunner.run(["build", "--source", folder.path])
      #expect(result.exitCode == 0, "\(result)")
    }
    let firstFiles = try FolderContents.contents(under: first.output)
    let secondFiles = try FolderContents.contents(under: second.output)
    #expect(firstFiles.keys.sorted() == secondFiles.keys.sorted())
    #expect(firstFiles == secondFiles)
  }
}
