import org.safar.app.state.ErrorKind
import org.safar.app.state.Problem
import org.safar.app.state.ReportProblemStateHolder
import org.safar.app.state.ReportState

object ReportProblemTest : Suite {
    override fun run(t: Tests) {
        t.test("a report about a hotline is saved in the outbox with an id") {
            val holder = ReportProblemStateHolder(t.freshApp("report", profile()), "hotline", "ru-sample-migrant-line")
            val saved = holder.submit(Problem.NoAnswer, "rang three times at noon")
            check(saved is ReportState.Saved && saved.reportId.isNotBlank()) { "$saved" }
        }

        t.test("sending with no feedback server keeps the report for the next sync") {
            val app = t.freshApp("report-send", profile())
            val holder = ReportProblemStateHolder(app, "service", "tj-dushanbe-sample-shelter")
            val saved = holder.submit(Problem.WrongInfo, "  ") as ReportState.Saved
            when (val sent = holder.sendNow()) {
                is ReportState.Sent -> check(sent.reportId == saved.reportId) { "$sent" }
                is ReportState.Failed -> check(sent.reportId == saved.reportId) { "report kept: $sent" }
                else -> throw AssertionError("$sent")
            }
        }

        t.test("a report about an unknown kind of entry is refused") {
            val holder = ReportProblemStateHolder(t.freshApp("report-bad", profile()), "planet", "mars")
            val state = holder.submit(Problem.Closed, null)
            check(state is ReportState.Failed && state.error.kind == ErrorKind.InvalidInput) { "$state" }
        }
    }
}
