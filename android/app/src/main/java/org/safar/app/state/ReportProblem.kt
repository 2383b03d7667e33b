// "This number does not answer": the user's report about a hotline or service goes to the core's
// outbox and is sent with the next sync (or now, if the user asks).
package org.safar.app.state

import uniffi.safar_ffi.SafarAppInterface

/** The problems the core accepts. */
enum class Problem(val code: String) { NoAnswer("no_answer"), Closed("closed"), WrongInfo("wrong_info") }

sealed interface ReportState {
    data object Editing : ReportState

    data class Saved(val reportId: String) : ReportState

    data class Sent(val reportId: String, val count: Int) : ReportState

    /** [reportId] non-null: the report is saved and will go with the next sync. */
    data class Failed(val error: UiError, val reportId: String? = null) : ReportState
}

/** [targetKind] is `hotline` or `service`. */
class ReportProblemStateHolder(
    private val core: SafarAppInterface,
    val targetKind: String,
    val targetId: String,
) : StateHolder<ReportState> {
    override var state: ReportState = ReportState.Editing
        private set

    fun submit(problem: Problem, note: String?): ReportState {
        state =
            when (val saved = load { core.reportProblem(targetKind, targetId, problem.code, note?.ifBlank { null }) }) {
                is Loadable.Ready -> ReportState.Saved(saved.value)
                is Loadable.Failed -> ReportState.Failed(saved.error)
                Loadable.Loading -> state
            }
        return state
    }

    /** Sends the outbox now instead of waiting for the next sync. */
    fun sendNow(): ReportState {
        val saved = state as? ReportState.Saved ?: return state
        state =
            when (val sent = load { core.sendReports() }) {
                is Loadable.Ready -> ReportState.Sent(saved.reportId, sent.value.toInt())
                is Loadable.Failed -> ReportState.Failed(sent.error, saved.reportId)
                Loadable.Loading -> state
            }
        return state
    }
}
