/** Contract test suites for plugins (TCK): a plugin author extends the suite of its kind. */
package ketch.tck;
