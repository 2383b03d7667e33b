import org.safar.app.state.ChecklistStateHolder
import org.safar.app.state.Loadable
import java.time.LocalDate

object ChecklistTest : Suite {
    override fun run(t: Tests) {
        t.test("checklist shows the core's steps, deadlines and overdue count") {
            // Arrived 60 days ago: the 7-day registration deadline has passed.
            val arrival = LocalDate.now().minusDays(60).toString()
            val app = t.freshApp("checklist", profile(arrival = arrival))
            val list = (ChecklistStateHolder(app).load().checklist as Loadable.Ready).value
            val core = app.checklist(null)
            check(list.items.map { it.id } == core.items.map { it.id }) { "core order" }
            check(list.overdue == core.overdue.toInt() && list.overdue > 0) { "overdue ${list.overdue}" }
            check(list.items.count { it.overdue } == list.overdue) { "flags match the count" }
            check(list.items.all { it.provenance.source.isNotBlank() }) { "every rule shows its source" }
        }

        t.test("ticking a step off saves it and the core recounts") {
            val arrival = LocalDate.now().minusDays(60).toString()
            val app = t.freshApp("checklist-done", profile(arrival = arrival))
            val holder = ChecklistStateHolder(app)
            val before = (holder.load().checklist as Loadable.Ready).value
            val step = before.items.first { it.overdue }
            val after = (holder.setDone(step.id, true).checklist as Loadable.Ready).value
            check(after.items.first { it.id == step.id }.done) { "done" }
            check(after.overdue == before.overdue - 1) { "${before.overdue} → ${after.overdue}" }
            val undone = (holder.setDone(step.id, false).checklist as Loadable.Ready).value
            check(undone.overdue == before.overdue) { "undo" }
        }

        t.test("an unknown step is an error shown once, the list stays") {
            val holder = ChecklistStateHolder(t.freshApp("checklist-bad", profile()))
            holder.load()
            val state = holder.setDone("no-such-step", true)
            check(state.toggleError != null && state.checklist is Loadable.Ready) { "$state" }
        }
    }
}
