"""Writers: each formats a resolved document; none counts or looks anything up."""
