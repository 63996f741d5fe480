/** Docker's v1 search API over the registry's catalog ({@code docker search}). */
package dev.berth.registry.search;
