// Settings: the content on the phone (source, sample mark, age, collections), the profile, and
// wiping personal data. Phone-side preferences (Wi-Fi only, last sync time) live in the app layer.
package org.safar.app.state

import uniffi.safar_ffi.SafarAppInterface

data class SettingsState(
    val content: Loadable<ContentInfo> = Loadable.Loading,
    val profile: Loadable<ProfileForm> = Loadable.Loading,
    /** Set after a wipe: bookmarks, checklist progress, history, reports and profile are gone. */
    val wiped: Boolean = false,
    val wipeError: UiError? = null,
)

class SettingsStateHolder(private val core: SafarAppInterface) : StateHolder<SettingsState> {
    override var state = SettingsState()
        private set

    fun load(): SettingsState {
        state =
            state.copy(
                content = load { ContentInfo.of(core.status()) },
                profile = load { ProfileForm.of(core.profile()) },
            )
        return state
    }

    /** Deletes everything the user entered; content stays. */
    fun wipePersonalData(): SettingsState {
        val error = attempt { core.wipePersonalData() }
        state = state.copy(wiped = error == null, wipeError = error)
        return load()
    }
}
