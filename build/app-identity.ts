// Names the installers give the app. The app id is its identity to each OS (macOS bundle id,
// Windows AppUserModelID and the NSIS installer's upgrade key): changing it later makes a new
// version install beside the old one instead of replacing it, so it stays as it is.
export const APP_ID = 'com.linqapp.contactcards';
export const PRODUCT_NAME = 'Linq Contact Cards';
/** The Linux executable (and .desktop) name: no spaces, as Linux tools expect. */
export const LINUX_EXECUTABLE = 'linq-contact-cards';
