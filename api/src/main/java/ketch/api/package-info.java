/** Value types shared by every module. */
package ketch.api;
