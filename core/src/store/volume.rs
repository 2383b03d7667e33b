//! What the phone's file system allows an update: how much room is free on the volume that holds
//! the database, and one update of a database at a time.
//!
//! Both use the operating system directly (`statvfs`, `flock`) through `libc`, which the core
//! already links (ring and the HTTP stack need it): no new crate.

use crate::{Error, Result};
use std::fs::File;
use std::path::Path;

/// Bytes an unprivileged app may still write on the volume holding `path` (a file or folder), or
/// `None` where the platform cannot say (the up-front check is then skipped; a real ENOSPC is
/// still reported as [`Error::StorageFull`]).
pub fn free_bytes(path: &Path) -> Option<u64> {
    imp::free_bytes(path)
}

/// Whether an I/O or SQLite failure means "the storage is full".
pub fn is_storage_full(e: &Error) -> bool {
    match e {
        Error::StorageFull { .. } => true,
        Error::Io(io) => is_full_io(io),
        Error::Storage(rusqlite::Error::SqliteFailure(f, _)) => f.code == rusqlite::ErrorCode::DiskFull,
        _ => false,
    }
}

/// `ENOSPC` (or `EDQUOT`, a quota that is used up: to the user it is the same thing).
pub fn is_full_io(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull || e.kind() == std::io::ErrorKind::QuotaExceeded
}

/// Held while an update writes to a database and its staging folder; released when dropped, and
/// by the operating system if the process dies (an advisory `flock`), so a killed update never
/// blocks the next one.
#[derive(Debug)]
pub struct UpdateLock {
    _file: File,
}

impl UpdateLock {
    /// Takes the lock of the database at `db` (the file `<db>.sync.lock`), or fails at once with
    /// [`Error::UpdateRunning`] if another update — in this process or another — holds it.
    pub fn acquire(db: &Path) -> Result<UpdateLock> {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".sync.lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(db.with_file_name(name))?;
        imp::try_lock(&file)?;
        Ok(UpdateLock { _file: file })
    }
}

#[cfg(unix)]
mod imp {
    use crate::{Error, Result};
    use std::ffi::CString;
    use std::fs::File;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    use std::path::Path;

    pub fn free_bytes(path: &Path) -> Option<u64> {
        // statvfs needs an existing path: the database may not exist yet, its folder does.
        let existing = path.ancestors().find(|p| p.exists() && !p.as_os_str().is_empty())?;
        let c_path = CString::new(existing.as_os_str().as_bytes()).ok()?;
        let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
        // SAFETY: c_path is a valid NUL-terminated string and stat points to writable memory of
        // the right type; statvfs fills it in when it returns 0.
        let rc = unsafe { libc::statvfs(c_path.as_ptr(), stat.as_mut_ptr()) };
        if rc != 0 {
            return None;
        }
        // SAFETY: statvfs returned 0, so the struct is initialised.
        let stat = unsafe { stat.assume_init() };
        // f_bavail: blocks free for unprivileged writers (an app is one), not the root reserve.
        #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
        Some((stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64))
    }

    pub fn try_lock(file: &File) -> Result<()> {
        // SAFETY: the descriptor belongs to `file`, which is open for the whole call.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if rc == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if err.kind() == std::io::ErrorKind::WouldBlock {
            Err(Error::UpdateRunning)
        } else {
            Err(Error::Io(err))
        }
    }
}

#[cfg(not(unix))]
mod imp {
    use crate::Result;
    use std::fs::File;
    use std::path::Path;

    pub fn free_bytes(_path: &Path) -> Option<u64> {
        None
    }

    // Phones (Android, iOS) and the CLI's platforms are Unix; elsewhere updates are not locked.
    pub fn try_lock(_file: &File) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_update_of_the_same_database_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("safar.db");
        let first = UpdateLock::acquire(&db).unwrap();
        assert!(matches!(UpdateLock::acquire(&db), Err(Error::UpdateRunning)));
        // Another database is independent.
        let _other = UpdateLock::acquire(&dir.path().join("other.db")).unwrap();
        drop(first);
        UpdateLock::acquire(&db).expect("free again once the first update ended");
    }

    #[test]
    fn free_space_of_an_existing_folder_is_known() {
        let dir = tempfile::tempdir().unwrap();
        assert!(free_bytes(&dir.path().join("not-yet.db")).is_some_and(|b| b > 0));
    }
}
