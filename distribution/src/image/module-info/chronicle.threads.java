// jdeps' open module for chronicle.threads, with the 'uses' lines its ServiceLoader calls need.
open module chronicle.threads {
    uses net.openhft.chronicle.threads.NotifyDiskLow;
    uses net.openhft.chronicle.threads.PauserMonitorFactory;

    requires affinity;

    requires transitive chronicle.core;

}
