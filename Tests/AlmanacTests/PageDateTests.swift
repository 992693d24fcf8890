import Testing

@testable import Almanac

@Suite struct PageDateTests {
  @Test func formatsWithoutLocale() throws {
    let date = try #require(PageDate(parsing: "2013-02-05"))
    #expect(date.iso == "2013-02-05")
    #expect(date.long == "February 5, 2013")
    #expect(date.short == "Feb 5, 2013")
    #expect(date.rfc3339 == "2013-02-05T00:00:00Z")
  }

  @Test func keepsTimeAndOffset() throws {
    let date = try #require(PageDate(parsing: "2011-05-17T09:30:00-04:00"))
    #expect(date.rfc3339 == "2011-05-17T09:30:00-04:00")
    let utc = try #require(PageDate(parsing: "2011-05-17T13:30:00Z"))
    #expect(!(date < utc) && !(utc < date))
  }

  @Test(arguments: [
    "2013-02-30", "2013-13-01", "2013-00-10", "2013-1-5", "13-02-05", "2013-02-05T25:00",
    "2013-02-05junk",
    "2100-02-29", "yesterday",
  ])
  func rejectsDatesThatDontExist(text: String) {
    #expect(PageDate(parsing: text) == nil)
  }

  @Test func acceptsLeapDays() {
    #expect(PageDate(parsing: "2012-02-29") != nil)
    #expect(PageDate(parsing: "2000-02-29") != nil)
  }

  @Test func ordersByInstant() throws {
    let earlier = try #require(PageDate(parsing: "2008-10-27"))
    let later = try #require(PageDate(parsing: "2013-01-22"))
    #expect(earlier < later)
    #expect(earlier.secondsSinceEpoch == 1_225_065_600)
  }
}
