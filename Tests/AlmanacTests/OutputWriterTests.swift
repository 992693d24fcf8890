import Foundation
import Testing

@testable import Almanac

/// `OutputWriter` against real folders under the temporary folder.
@Suite("OutputWriter")
struct OutputWriterTests {
  typealias Summary = OutputWriter.Summary

  static func files(_ texts: [String: String]) -> [OutputFile] {
    texts.sorted { $0.key < $1.key }.map { OutputFile(path: $0.key, contents: Data($0.value.utf8)) }
  }

  static func texts(under folder: URL) throws -> [String: String] {
    try FolderContents.contents(under: folder).mapValues { String(decoding: $0, as: UTF8.self) }
  }

  static let site = files([
    "index.html": "<h1>Home</h1>",
    "articles/a/index.html": "<h1>A</h1>",
    "data/numbers.csv": "year,count\n2013,1\n",
  ])

  // MARK: Writing

  @Test("writes new files, creating the folder and the folders inside it")
  func writesNewFiles() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let folder = temporary.url("public/site")
    let files = Self.site + [OutputFile(path: "empty.txt", contents: Data())]

    let summary = try OutputWriter(folder: folder).write(files)

    #expect(summary == Summary(written: 4, unchanged: 0, removed: 0))
    #expect(
      try Self.texts(under: folder) == [
        "index.html": "<h1>Home</h1>",
        "articles/a/index.html": "<h1>A</h1>",
        "data/numbers.csv": "year,count\n2013,1\n",
        "empty.txt": "",
      ])
  }

  @Test("writing no files still creates the output folder")
  func writesNothing() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let folder = temporary.url("Output")

    let summary = try OutputWriter(folder: folder).write([])

    #expect(summary == Summary())
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory))
    #expect(isDirectory.boolValue)
  }

  @Test("files whose bytes didn't change are not rewritten")
  func unchangedFilesKeepModificationDates() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let writer = OutputWriter(folder: temporary.output)
    let files = Self.site + [OutputFile(path: "empty.txt", contents: Data())]
    try writer.write(files)
    try FolderContents.setModificationDates(under: temporary.output, to: FolderContents.longAgo)

    let summary = try writer.write(files)

    #expect(summary == Summary(written: 0, unchanged: 4, removed: 0))
    let dates = try FolderContents.modificationDates(under: temporary.output)
    #expect(dates.count == 4)
    for (path, date) in dates {
      #expect(date == FolderContents.longAgo, "\(path) was rewritten")
    }
  }

  @Test("changed files are replaced whole; the others are left alone")
  func replacesChangedFiles() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let writer = OutputWriter(folder: temporary.output)
    try writer.write(Self.site)
    try FolderContents.setModificationDates(under: temporary.output, to: FolderContents.longAgo)

    let summary = try writer.write(
      Self.files([
        "index.html": "<h1>Hi</h1>",  // shorter than before: no old bytes may remain
        "articles/a/index.html": "<h1>A</h1>",
        "data/numbers.csv": "year,count\n2013,1\n2014,5\n",
      ]))

    #expect(summary == Summary(written: 2, unchanged: 1, removed: 0))
    #expect(
      try Self.texts(under: temporary.output) == [
        "index.html": "<h1>Hi</h1>",
        "articles/a/index.html": "<h1>A</h1>",
        "data/numbers.csv": "year,count\n2013,1\n2014,5\n",
      ])
    let dates = try FolderContents.modificationDates(under: temporary.output)
    #expect(dates["articles/a/index.html"] == FolderContents.longAgo)
    #expect(dates["index.html"] != FolderContents.longAgo)
    #expect(dates["data/numbers.csv"] != FolderContents.longAgo)
  }

  // MARK: Removing

  @Test("files not in the new set are removed, with the folders they leave empty")
  func removesStaleFiles() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let writer = OutputWriter(folder: temporary.output)
    try writer.write(
      Self.files([
        "index.html": "home",
        "old.html": "old",
        "old/deep/er/page.html": "old",
        "posts/p/index.html": "p",
        "posts/q/index.html": "q",
      ]))

    let summary = try writer.write(
      Self.files(["index.html": "home", "posts/p/index.html": "p"]))

    #expect(summary == Summary(written: 0, unchanged: 2, removed: 3))
    #expect(
      try FolderContents.paths(under: temporary.output) == ["index.html", "posts/p/index.html"])
    #expect(!temporary.exists("Output/old"))
    #expect(!temporary.exists("Output/posts/q"))
  }

  @Test("dotfiles and dot-folders are kept, and so are the folders holding them")
  func keepsDotfiles() throws {
    let temporary = try TemporarySite([
      "Output/.gitignore": "*\n",
      "Output/.git/HEAD": "ref: refs/heads/main\n",
      "Output/.well-known/security.txt": "Contact: me",
      "Output/notes/.keep": "",
      "Output/notes/old.html": "old",
      "Output/stale.html": "stale",
    ])
    defer { temporary.remove() }

    let summary = try OutputWriter(folder: temporary.output).write(
      Self.files(["index.html": "home"]))

    #expect(summary == Summary(written: 1, unchanged: 0, removed: 2))
    #expect(
      try Self.texts(under: temporary.output) == [
        ".gitignore": "*\n",
        ".git/HEAD": "ref: refs/heads/main\n",
        ".well-known/security.txt": "Contact: me",
        "notes/.keep": "",
        "index.html": "home",
      ])
  }

  @Test("writing an empty site removes every file but keeps the folder")
  func removesEverything() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let writer = OutputWriter(folder: temporary.output)
    try writer.write(Self.site)

    let summary = try writer.write([])

    #expect(summary == Summary(written: 0, unchanged: 0, removed: 3))
    #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.output.path) == [])
  }

  @Test("a stale file where a folder is now needed is replaced by the folder")
  func staleFileInTheWayOfFolder() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let writer = OutputWriter(folder: temporary.output)
    try writer.write(Self.files(["index.html": "home", "notes": "a file"]))

    let summary = try writer.write(
      Self.files(["index.html": "home", "notes/index.html": "a page"]))
    #expect(summary == Summary(written: 1, unchanged: 1, removed: 1))
    #expect(
      try Self.texts(under: temporary.output) == [
        "index.html": "home", "notes/index.html": "a page",
      ])

  }

  @Test("a stale folder where a file is now needed is replaced by the file")
  func staleFolderInTheWayOfFile() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let writer = OutputWriter(folder: temporary.output)
    try writer.write(Self.files(["index.html": "home", "feed/index.xml": "<feed/>"]))

    let summary = try writer.write(Self.files(["index.html": "home", "feed": "<feed/>"]))
    #expect(summary == Summary(written: 1, unchanged: 1, removed: 1))
    #expect(try Self.texts(under: temporary.output) == ["index.html": "home", "feed": "<feed/>"])

  }

  // MARK: Where the folder is

  @Test("a folder reached through a symbolic link is handled like the real one")
  func symlinkedFolder() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let real = temporary.url("real")
    let link = temporary.url("link")
    try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
    let writer = OutputWriter(folder: link)
    try writer.write(Self.site + Self.files(["stale.html": "stale"]))

    let summary = try writer.write(Self.site)

    let remaining = try FolderContents.paths(under: real)
    #expect(summary == Summary(written: 0, unchanged: 3, removed: 1))
    #expect(remaining == ["articles/a/index.html", "data/numbers.csv", "index.html"])

  }

  @Test("a folder given with `.` and `..` in its path is standardized")
  func unstandardizedFolder() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let roundabout = URL(fileURLWithPath: temporary.path + "/x/./../Output/", isDirectory: true)
    let writer = OutputWriter(folder: roundabout)
    try writer.write(Self.site)

    let summary = try writer.write(Self.site)

    #expect(summary == Summary(written: 0, unchanged: 3, removed: 0))
    #expect(writer.folder.path == temporary.output.path)
    #expect(
      try FolderContents.paths(under: temporary.output)
        == ["articles/a/index.html", "data/numbers.csv", "index.html"])
  }

  // MARK: Refusals and failures

  @Test(
    "paths that could leave the output folder are refused",
    arguments: [
      "../escape.html", "a/../../escape.html", "..", "a/..", "./escape.html", "a/./b.html",
      "a//b.html", "a/", "", "/",
    ])
  func refusesEscapingPaths(path: String) throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let folder = temporary.url("out/site")

    let failure = #expect(throws: OutputWriter.Failure.self) {
      try OutputWriter(folder: folder).write([OutputFile(path: path, contents: Data("x".utf8))])
    }

    let message = failure?.diagnostic.message ?? ""
    #expect(
      message.hasPrefix("refusing to write \"\(path)\": the path leaves the output folder"),
      "\(message)")
    #expect(failure?.diagnostic.isError == true)
    #expect(try FolderContents.paths(under: temporary.root) == [])
  }

  @Test("absolute paths are refused, and nothing is written outside the folder")
  func refusesAbsolutePaths() throws {
    let temporary = try TemporarySite()
    defer { temporary.remove() }
    let folder = temporary.url("out/site")
    let outside = temporary.url("outside.html").path

    let failure = #expect(throws: OutputWriter.Failure.self) {
      try OutputWriter(folder: folder).write([
        OutputFile(path: "index.html", contents: Data("home".utf8)),
        OutputFile(path: outside, contents: Data("x".utf8)),
      ])
    }

    #expect(failure?.diagnostic.message.contains("the path leaves the output folder") == true)
    #expect(!FileManager.default.fileExists(atPath: outside))
    #expect(!temporary.exists("out/site" + outside))
    let written = try FolderContents.paths(under: temporary.root)
    #expect(written.allSatisfy { $0.hasPrefix("out/site/") }, "\(written)")
  }

  @Test("a folder where a file must be written is a Failure, not a crash")
  func folderInTheWayOfFile() throws {
    let temporary = try TemporarySite(["Output/index.html/.keep": "keep"])
    defer { temporary.remove() }

    let failure = #expect(throws: OutputWriter.Failure.self) {
      try OutputWriter(folder: temporary.output).write(Self.site)
    }

    let message = failure?.diagnostic.message ?? ""
    #expect(message.hasPrefix("cannot write index.html ("), "\(message)")
    #expect(failure?.diagnostic.location == nil)
    #expect(try temporary.text("Output/index.html/.keep") == "keep")
  }

  @Test("a read-only output folder is a Failure, not a crash")
  func readOnlyFolder() throws {
    let temporary = try TemporarySite(["Output/index.html": "old"])
    defer { temporary.remove() }
    let writer = OutputWriter(folder: temporary.output)

    if getuid() == 0 {
      // Permission bits don't stop root: put a folder (kept for its dotfile) where the changed
      // file must go instead.
      try temporary.delete("Output/index.html")
      try temporary.write("Output/index.html/.keep", "keep")
    } else {
      #expect(chmod(temporary.output.path, 0o555) == 0)
    }

    let failure = #expect(throws: OutputWriter.Failure.self) {
      try writer.write(Self.files(["index.html": "new"]))
    }

    let message = failure?.diagnostic.message ?? ""
    #expect(message.hasPrefix("cannot write index.html ("), "\(message)")
    #expect(message.hasSuffix("; check free disk space and that the output folder is writable"))
    if getuid() == 0 {
      #expect(try temporary.text("Output/index.html/.keep") == "keep")
    } else {
      #expect(try temporary.text("Output/index.html") == "old")
    }
  }
}
