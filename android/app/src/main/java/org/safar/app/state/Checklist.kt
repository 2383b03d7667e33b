// Checklist screen: the steps and deadlines are content and the core dates them from the
// profile's arrival date and judges what is overdue; the holder maps and toggles.
package org.safar.app.state

import uniffi.safar_ffi.ChecklistEntry
import uniffi.safar_ffi.SafarAppInterface

data class ChecklistItem(
    val id: String,
    /** `before_departure`, `on_arrival`, `at_work`, `on_return`. */
    val phase: String,
    val title: String,
    val details: String?,
    /** ISO date of the deadline, when the step has one and the profile has an arrival date. */
    val due: String?,
    val done: Boolean,
    val overdue: Boolean,
    /** Article group that explains the step. */
    val article: String?,
    val provenance: Provenance,
) {
    companion object {
        fun of(c: ChecklistEntry) =
            ChecklistItem(
                id = c.id,
                phase = c.phase,
                title = c.title,
                details = c.details,
                due = c.due,
                done = c.done,
                overdue = c.overdue,
                article = c.article,
                provenance = Provenance(c.source, null, Verification.of(c.status), null, false),
            )
    }
}

data class Checklist(val items: List<ChecklistItem>, val overdue: Int, val nextDue: ChecklistItem?)

data class ChecklistState(
    val checklist: Loadable<Checklist> = Loadable.Loading,
    /** The last toggle that failed, shown once. */
    val toggleError: UiError? = null,
)

class ChecklistStateHolder(private val core: SafarAppInterface) : StateHolder<ChecklistState> {
    override var state = ChecklistState()
        private set

    /** The core judges "overdue" against today's date on the device clock. */
    fun load(): ChecklistState {
        state =
            state.copy(
                checklist =
                    load {
                        val c = core.checklist(null)
                        Checklist(c.items.map(ChecklistItem::of), c.overdue.toInt(), c.nextDue?.let(ChecklistItem::of))
                    },
            )
        return state
    }

    fun setDone(itemId: String, done: Boolean): ChecklistState {
        val error = attempt { core.setChecklistDone(itemId, done) }
        state = state.copy(toggleError = error)
        return load()
    }
}
