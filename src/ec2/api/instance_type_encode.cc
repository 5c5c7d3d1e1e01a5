// The DescribeInstanceTypes item writer (instance_type_encode.h). The element names below are the
// catalogue's keys (a recorded EC2 answer's names, src/ec2/data/instance_types.json); the written
// element names come from the generated writers.
#include "ec2/api/instance_type_encode.h"

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace cloudlife::ec2::api {
namespace {

namespace wire = codec::ec2;

// f(value) when the catalogue item has `key`.
template <class F>
void if_type_member(const nlohmann::json& j, const char* key, F&& f) {
  const auto it = j.find(key);
  if (it != j.end()) f(*it);
}

void put_type_processor_info(wire::ProcessorInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "supportedArchitectures", [&](const nlohmann::json& v) {
    w.supported_architectures([&](wire::ArchitectureTypeListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
  if_type_member(j, "sustainedClockSpeedInGhz",
                 [&](const nlohmann::json& v) { w.sustained_clock_speed_in_ghz(v.get<double>()); });
  if_type_member(j, "supportedFeatures", [&](const nlohmann::json& v) {
    w.supported_features([&](wire::SupportedAdditionalProcessorFeatureListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
  if_type_member(j, "manufacturer",
                 [&](const nlohmann::json& v) { w.manufacturer(v.get_ref<const std::string&>()); });
}

void put_type_v_cpu_info(wire::VCpuInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "defaultVCpus",
                 [&](const nlohmann::json& v) { w.default_v_cpus(v.get<std::int64_t>()); });
  if_type_member(j, "defaultCores",
                 [&](const nlohmann::json& v) { w.default_cores(v.get<std::int64_t>()); });
  if_type_member(j, "defaultThreadsPerCore", [&](const nlohmann::json& v) {
    w.default_threads_per_core(v.get<std::int64_t>());
  });
  if_type_member(j, "validCores", [&](const nlohmann::json& v) {
    w.valid_cores([&](wire::CoreCountListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get<std::int64_t>());
    });
  });
  if_type_member(j, "validThreadsPerCore", [&](const nlohmann::json& v) {
    w.valid_threads_per_core([&](wire::ThreadsPerCoreListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get<std::int64_t>());
    });
  });
}

void put_type_memory_info(wire::MemoryInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "sizeInMiB",
                 [&](const nlohmann::json& v) { w.size_in_mi_b(v.get<std::int64_t>()); });
}

void put_type_disk_info(wire::DiskInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "sizeInGB",
                 [&](const nlohmann::json& v) { w.size_in_gb(v.get<std::int64_t>()); });
  if_type_member(j, "count", [&](const nlohmann::json& v) { w.count(v.get<std::int64_t>()); });
  if_type_member(j, "type",
                 [&](const nlohmann::json& v) { w.type(v.get_ref<const std::string&>()); });
}

void put_type_instance_storage_info(wire::InstanceStorageInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "totalSizeInGB",
                 [&](const nlohmann::json& v) { w.total_size_in_gb(v.get<std::int64_t>()); });
  if_type_member(j, "disks", [&](const nlohmann::json& v) {
    w.disks([&](wire::DiskInfoListWriter& l) {
      for (const nlohmann::json& x : v)
        l.item([&](wire::DiskInfoWriter& s) { put_type_disk_info(s, x); });
    });
  });
  if_type_member(j, "nvmeSupport",
                 [&](const nlohmann::json& v) { w.nvme_support(v.get_ref<const std::string&>()); });
  if_type_member(j, "encryptionSupport", [&](const nlohmann::json& v) {
    w.encryption_support(v.get_ref<const std::string&>());
  });
}

void put_type_ebs_optimized_info(wire::EbsOptimizedInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "baselineBandwidthInMbps", [&](const nlohmann::json& v) {
    w.baseline_bandwidth_in_mbps(v.get<std::int64_t>());
  });
  if_type_member(j, "baselineThroughputInMBps",
                 [&](const nlohmann::json& v) { w.baseline_throughput_in_m_bps(v.get<double>()); });
  if_type_member(j, "baselineIops",
                 [&](const nlohmann::json& v) { w.baseline_iops(v.get<std::int64_t>()); });
  if_type_member(j, "maximumBandwidthInMbps", [&](const nlohmann::json& v) {
    w.maximum_bandwidth_in_mbps(v.get<std::int64_t>());
  });
  if_type_member(j, "maximumThroughputInMBps",
                 [&](const nlohmann::json& v) { w.maximum_throughput_in_m_bps(v.get<double>()); });
  if_type_member(j, "maximumIops",
                 [&](const nlohmann::json& v) { w.maximum_iops(v.get<std::int64_t>()); });
}

void put_type_ebs_card_info(wire::EbsCardInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "ebsCardIndex",
                 [&](const nlohmann::json& v) { w.ebs_card_index(v.get<std::int64_t>()); });
  if_type_member(j, "baselineBandwidthInMbps", [&](const nlohmann::json& v) {
    w.baseline_bandwidth_in_mbps(v.get<std::int64_t>());
  });
  if_type_member(j, "baselineThroughputInMBps",
                 [&](const nlohmann::json& v) { w.baseline_throughput_in_m_bps(v.get<double>()); });
  if_type_member(j, "baselineIops",
                 [&](const nlohmann::json& v) { w.baseline_iops(v.get<std::int64_t>()); });
  if_type_member(j, "maximumBandwidthInMbps", [&](const nlohmann::json& v) {
    w.maximum_bandwidth_in_mbps(v.get<std::int64_t>());
  });
  if_type_member(j, "maximumThroughputInMBps",
                 [&](const nlohmann::json& v) { w.maximum_throughput_in_m_bps(v.get<double>()); });
  if_type_member(j, "maximumIops",
                 [&](const nlohmann::json& v) { w.maximum_iops(v.get<std::int64_t>()); });
}

void put_type_ebs_info(wire::EbsInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "ebsOptimizedSupport", [&](const nlohmann::json& v) {
    w.ebs_optimized_support(v.get_ref<const std::string&>());
  });
  if_type_member(j, "encryptionSupport", [&](const nlohmann::json& v) {
    w.encryption_support(v.get_ref<const std::string&>());
  });
  if_type_member(j, "ebsOptimizedInfo", [&](const nlohmann::json& v) {
    w.ebs_optimized_info(
        [&](wire::EbsOptimizedInfoWriter& s) { put_type_ebs_optimized_info(s, v); });
  });
  if_type_member(j, "nvmeSupport",
                 [&](const nlohmann::json& v) { w.nvme_support(v.get_ref<const std::string&>()); });
  if_type_member(j, "maximumEbsAttachments", [&](const nlohmann::json& v) {
    w.maximum_ebs_attachments(v.get<std::int64_t>());
  });
  if_type_member(j, "attachmentLimitType", [&](const nlohmann::json& v) {
    w.attachment_limit_type(v.get_ref<const std::string&>());
  });
  if_type_member(j, "maximumEbsCards",
                 [&](const nlohmann::json& v) { w.maximum_ebs_cards(v.get<std::int64_t>()); });
  if_type_member(j, "ebsCardSet", [&](const nlohmann::json& v) {
    w.ebs_cards([&](wire::EbsCardInfoListWriter& l) {
      for (const nlohmann::json& x : v)
        l.item([&](wire::EbsCardInfoWriter& s) { put_type_ebs_card_info(s, x); });
    });
  });
}

void put_type_network_card_info(wire::NetworkCardInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "networkCardIndex",
                 [&](const nlohmann::json& v) { w.network_card_index(v.get<std::int64_t>()); });
  if_type_member(j, "networkPerformance", [&](const nlohmann::json& v) {
    w.network_performance(v.get_ref<const std::string&>());
  });
  if_type_member(j, "maximumNetworkInterfaces", [&](const nlohmann::json& v) {
    w.maximum_network_interfaces(v.get<std::int64_t>());
  });
  if_type_member(j, "additionalFlexibleNetworkInterfaces", [&](const nlohmann::json& v) {
    w.additional_flexible_network_interfaces(v.get<std::int64_t>());
  });
  if_type_member(j, "baselineBandwidthInGbps",
                 [&](const nlohmann::json& v) { w.baseline_bandwidth_in_gbps(v.get<double>()); });
  if_type_member(j, "peakBandwidthInGbps",
                 [&](const nlohmann::json& v) { w.peak_bandwidth_in_gbps(v.get<double>()); });
  if_type_member(j, "defaultEnaQueueCountPerInterface", [&](const nlohmann::json& v) {
    w.default_ena_queue_count_per_interface(v.get<std::int64_t>());
  });
  if_type_member(j, "maximumEnaQueueCount", [&](const nlohmann::json& v) {
    w.maximum_ena_queue_count(v.get<std::int64_t>());
  });
  if_type_member(j, "maximumEnaQueueCountPerInterface", [&](const nlohmann::json& v) {
    w.maximum_ena_queue_count_per_interface(v.get<std::int64_t>());
  });
}

void put_type_efa_info(wire::EfaInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "maximumEfaInterfaces",
                 [&](const nlohmann::json& v) { w.maximum_efa_interfaces(v.get<std::int64_t>()); });
}

void put_type_default_connection_tracking_configuration(
    wire::DefaultConnectionTrackingConfigurationWriter& w, const nlohmann::json& j) {
  if_type_member(j, "defaultTcpEstablishedTimeout", [&](const nlohmann::json& v) {
    w.default_tcp_established_timeout(v.get<std::int64_t>());
  });
  if_type_member(j, "defaultUdpTimeout",
                 [&](const nlohmann::json& v) { w.default_udp_timeout(v.get<std::int64_t>()); });
  if_type_member(j, "defaultUdpStreamTimeout", [&](const nlohmann::json& v) {
    w.default_udp_stream_timeout(v.get<std::int64_t>());
  });
}

void put_type_network_info(wire::NetworkInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "networkPerformance", [&](const nlohmann::json& v) {
    w.network_performance(v.get_ref<const std::string&>());
  });
  if_type_member(j, "maximumNetworkInterfaces", [&](const nlohmann::json& v) {
    w.maximum_network_interfaces(v.get<std::int64_t>());
  });
  if_type_member(j, "maximumNetworkCards",
                 [&](const nlohmann::json& v) { w.maximum_network_cards(v.get<std::int64_t>()); });
  if_type_member(j, "defaultNetworkCardIndex", [&](const nlohmann::json& v) {
    w.default_network_card_index(v.get<std::int64_t>());
  });
  if_type_member(j, "networkCards", [&](const nlohmann::json& v) {
    w.network_cards([&](wire::NetworkCardInfoListWriter& l) {
      for (const nlohmann::json& x : v)
        l.item([&](wire::NetworkCardInfoWriter& s) { put_type_network_card_info(s, x); });
    });
  });
  if_type_member(j, "ipv4AddressesPerInterface", [&](const nlohmann::json& v) {
    w.ipv4_addresses_per_interface(v.get<std::int64_t>());
  });
  if_type_member(j, "ipv6AddressesPerInterface", [&](const nlohmann::json& v) {
    w.ipv6_addresses_per_interface(v.get<std::int64_t>());
  });
  if_type_member(j, "ipv6Supported",
                 [&](const nlohmann::json& v) { w.ipv6_supported(v.get<bool>()); });
  if_type_member(j, "enaSupport",
                 [&](const nlohmann::json& v) { w.ena_support(v.get_ref<const std::string&>()); });
  if_type_member(j, "efaSupported",
                 [&](const nlohmann::json& v) { w.efa_supported(v.get<bool>()); });
  if_type_member(j, "efaInfo", [&](const nlohmann::json& v) {
    w.efa_info([&](wire::EfaInfoWriter& s) { put_type_efa_info(s, v); });
  });
  if_type_member(j, "encryptionInTransitSupported", [&](const nlohmann::json& v) {
    w.encryption_in_transit_supported(v.get<bool>());
  });
  if_type_member(j, "enaSrdSupported",
                 [&](const nlohmann::json& v) { w.ena_srd_supported(v.get<bool>()); });
  if_type_member(j, "bandwidthWeightings", [&](const nlohmann::json& v) {
    w.bandwidth_weightings([&](wire::BandwidthWeightingTypeListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
  if_type_member(j, "flexibleEnaQueuesSupport", [&](const nlohmann::json& v) {
    w.flexible_ena_queues_support(v.get_ref<const std::string&>());
  });
  if_type_member(j, "connectionTrackingConfiguration", [&](const nlohmann::json& v) {
    w.connection_tracking_configuration([&](wire::DefaultConnectionTrackingConfigurationWriter& s) {
      put_type_default_connection_tracking_configuration(s, v);
    });
  });
  if_type_member(j, "secondaryNetworkSupported",
                 [&](const nlohmann::json& v) { w.secondary_network_supported(v.get<bool>()); });
  if_type_member(j, "maximumSecondaryNetworkInterfaces", [&](const nlohmann::json& v) {
    w.maximum_secondary_network_interfaces(v.get<std::int64_t>());
  });
  if_type_member(j, "ipv4AddressesPerSecondaryInterface", [&](const nlohmann::json& v) {
    w.ipv4_addresses_per_secondary_interface(v.get<std::int64_t>());
  });
}

void put_type_gpu_device_memory_info(wire::GpuDeviceMemoryInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "sizeInMiB",
                 [&](const nlohmann::json& v) { w.size_in_mi_b(v.get<std::int64_t>()); });
}

void put_type_gpu_device_info(wire::GpuDeviceInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "name",
                 [&](const nlohmann::json& v) { w.name(v.get_ref<const std::string&>()); });
  if_type_member(j, "manufacturer",
                 [&](const nlohmann::json& v) { w.manufacturer(v.get_ref<const std::string&>()); });
  if_type_member(j, "count", [&](const nlohmann::json& v) { w.count(v.get<std::int64_t>()); });
  if_type_member(j, "logicalGpuCount",
                 [&](const nlohmann::json& v) { w.logical_gpu_count(v.get<std::int64_t>()); });
  if_type_member(j, "gpuPartitionSize",
                 [&](const nlohmann::json& v) { w.gpu_partition_size(v.get<double>()); });
  if_type_member(j, "workloadSet", [&](const nlohmann::json& v) {
    w.workloads([&](wire::WorkloadsListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
  if_type_member(j, "memoryInfo", [&](const nlohmann::json& v) {
    w.memory_info(
        [&](wire::GpuDeviceMemoryInfoWriter& s) { put_type_gpu_device_memory_info(s, v); });
  });
}

void put_type_gpu_info(wire::GpuInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "gpus", [&](const nlohmann::json& v) {
    w.gpus([&](wire::GpuDeviceInfoListWriter& l) {
      for (const nlohmann::json& x : v)
        l.item([&](wire::GpuDeviceInfoWriter& s) { put_type_gpu_device_info(s, x); });
    });
  });
  if_type_member(j, "totalGpuMemoryInMiB", [&](const nlohmann::json& v) {
    w.total_gpu_memory_in_mi_b(v.get<std::int64_t>());
  });
}

void put_type_fpga_device_memory_info(wire::FpgaDeviceMemoryInfoWriter& w,
                                      const nlohmann::json& j) {
  if_type_member(j, "sizeInMiB",
                 [&](const nlohmann::json& v) { w.size_in_mi_b(v.get<std::int64_t>()); });
}

void put_type_fpga_device_info(wire::FpgaDeviceInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "name",
                 [&](const nlohmann::json& v) { w.name(v.get_ref<const std::string&>()); });
  if_type_member(j, "manufacturer",
                 [&](const nlohmann::json& v) { w.manufacturer(v.get_ref<const std::string&>()); });
  if_type_member(j, "count", [&](const nlohmann::json& v) { w.count(v.get<std::int64_t>()); });
  if_type_member(j, "memoryInfo", [&](const nlohmann::json& v) {
    w.memory_info(
        [&](wire::FpgaDeviceMemoryInfoWriter& s) { put_type_fpga_device_memory_info(s, v); });
  });
}

void put_type_fpga_info(wire::FpgaInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "fpgas", [&](const nlohmann::json& v) {
    w.fpgas([&](wire::FpgaDeviceInfoListWriter& l) {
      for (const nlohmann::json& x : v)
        l.item([&](wire::FpgaDeviceInfoWriter& s) { put_type_fpga_device_info(s, x); });
    });
  });
  if_type_member(j, "totalFpgaMemoryInMiB", [&](const nlohmann::json& v) {
    w.total_fpga_memory_in_mi_b(v.get<std::int64_t>());
  });
}

void put_type_placement_group_info(wire::PlacementGroupInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "supportedStrategies", [&](const nlohmann::json& v) {
    w.supported_strategies([&](wire::PlacementGroupStrategyListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
}

void put_type_inference_device_memory_info(wire::InferenceDeviceMemoryInfoWriter& w,
                                           const nlohmann::json& j) {
  if_type_member(j, "sizeInMiB",
                 [&](const nlohmann::json& v) { w.size_in_mi_b(v.get<std::int64_t>()); });
}

void put_type_inference_device_info(wire::InferenceDeviceInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "count", [&](const nlohmann::json& v) { w.count(v.get<std::int64_t>()); });
  if_type_member(j, "name",
                 [&](const nlohmann::json& v) { w.name(v.get_ref<const std::string&>()); });
  if_type_member(j, "manufacturer",
                 [&](const nlohmann::json& v) { w.manufacturer(v.get_ref<const std::string&>()); });
  if_type_member(j, "memoryInfo", [&](const nlohmann::json& v) {
    w.memory_info([&](wire::InferenceDeviceMemoryInfoWriter& s) {
      put_type_inference_device_memory_info(s, v);
    });
  });
}

void put_type_inference_accelerator_info(wire::InferenceAcceleratorInfoWriter& w,
                                         const nlohmann::json& j) {
  if_type_member(j, "accelerators", [&](const nlohmann::json& v) {
    w.accelerators([&](wire::InferenceDeviceInfoListWriter& l) {
      for (const nlohmann::json& x : v)
        l.item([&](wire::InferenceDeviceInfoWriter& s) { put_type_inference_device_info(s, x); });
    });
  });
  if_type_member(j, "totalInferenceMemoryInMiB", [&](const nlohmann::json& v) {
    w.total_inference_memory_in_mi_b(v.get<std::int64_t>());
  });
}

void put_type_nitro_tpm_info(wire::NitroTpmInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "supportedVersions", [&](const nlohmann::json& v) {
    w.supported_versions([&](wire::NitroTpmSupportedVersionsListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
}

void put_type_media_device_memory_info(wire::MediaDeviceMemoryInfoWriter& w,
                                       const nlohmann::json& j) {
  if_type_member(j, "sizeInMiB",
                 [&](const nlohmann::json& v) { w.size_in_mi_b(v.get<std::int64_t>()); });
}

void put_type_media_device_info(wire::MediaDeviceInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "count", [&](const nlohmann::json& v) { w.count(v.get<std::int64_t>()); });
  if_type_member(j, "name",
                 [&](const nlohmann::json& v) { w.name(v.get_ref<const std::string&>()); });
  if_type_member(j, "manufacturer",
                 [&](const nlohmann::json& v) { w.manufacturer(v.get_ref<const std::string&>()); });
  if_type_member(j, "memoryInfo", [&](const nlohmann::json& v) {
    w.memory_info(
        [&](wire::MediaDeviceMemoryInfoWriter& s) { put_type_media_device_memory_info(s, v); });
  });
}

void put_type_media_accelerator_info(wire::MediaAcceleratorInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "accelerators", [&](const nlohmann::json& v) {
    w.accelerators([&](wire::MediaDeviceInfoListWriter& l) {
      for (const nlohmann::json& x : v)
        l.item([&](wire::MediaDeviceInfoWriter& s) { put_type_media_device_info(s, x); });
    });
  });
  if_type_member(j, "totalMediaMemoryInMiB", [&](const nlohmann::json& v) {
    w.total_media_memory_in_mi_b(v.get<std::int64_t>());
  });
}

void put_type_neuron_device_core_info(wire::NeuronDeviceCoreInfoWriter& w,
                                      const nlohmann::json& j) {
  if_type_member(j, "count", [&](const nlohmann::json& v) { w.count(v.get<std::int64_t>()); });
  if_type_member(j, "version", [&](const nlohmann::json& v) { w.version(v.get<std::int64_t>()); });
}

void put_type_neuron_device_memory_info(wire::NeuronDeviceMemoryInfoWriter& w,
                                        const nlohmann::json& j) {
  if_type_member(j, "sizeInMiB",
                 [&](const nlohmann::json& v) { w.size_in_mi_b(v.get<std::int64_t>()); });
}

void put_type_neuron_device_info(wire::NeuronDeviceInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "count", [&](const nlohmann::json& v) { w.count(v.get<std::int64_t>()); });
  if_type_member(j, "name",
                 [&](const nlohmann::json& v) { w.name(v.get_ref<const std::string&>()); });
  if_type_member(j, "coreInfo", [&](const nlohmann::json& v) {
    w.core_info(
        [&](wire::NeuronDeviceCoreInfoWriter& s) { put_type_neuron_device_core_info(s, v); });
  });
  if_type_member(j, "memoryInfo", [&](const nlohmann::json& v) {
    w.memory_info(
        [&](wire::NeuronDeviceMemoryInfoWriter& s) { put_type_neuron_device_memory_info(s, v); });
  });
}

void put_type_neuron_info(wire::NeuronInfoWriter& w, const nlohmann::json& j) {
  if_type_member(j, "neuronDevices", [&](const nlohmann::json& v) {
    w.neuron_devices([&](wire::NeuronDeviceInfoListWriter& l) {
      for (const nlohmann::json& x : v)
        l.item([&](wire::NeuronDeviceInfoWriter& s) { put_type_neuron_device_info(s, x); });
    });
  });
  if_type_member(j, "totalNeuronDeviceMemoryInMiB", [&](const nlohmann::json& v) {
    w.total_neuron_device_memory_in_mi_b(v.get<std::int64_t>());
  });
}

void put_type_instance_type_info(wire::InstanceTypeInfoWriter& w, const nlohmann::json& j,
                                 bool supported_in_region) {
  if_type_member(j, "instanceType", [&](const nlohmann::json& v) {
    w.instance_type(v.get_ref<const std::string&>());
  });
  if_type_member(j, "currentGeneration",
                 [&](const nlohmann::json& v) { w.current_generation(v.get<bool>()); });
  if_type_member(j, "freeTierEligible",
                 [&](const nlohmann::json& v) { w.free_tier_eligible(v.get<bool>()); });
  if_type_member(j, "supportedUsageClasses", [&](const nlohmann::json& v) {
    w.supported_usage_classes([&](wire::UsageClassTypeListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
  if_type_member(j, "supportedRootDeviceTypes", [&](const nlohmann::json& v) {
    w.supported_root_device_types([&](wire::RootDeviceTypeListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
  if_type_member(j, "supportedVirtualizationTypes", [&](const nlohmann::json& v) {
    w.supported_virtualization_types([&](wire::VirtualizationTypeListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
  if_type_member(j, "bareMetal", [&](const nlohmann::json& v) { w.bare_metal(v.get<bool>()); });
  if_type_member(j, "hypervisor",
                 [&](const nlohmann::json& v) { w.hypervisor(v.get_ref<const std::string&>()); });
  if_type_member(j, "processorInfo", [&](const nlohmann::json& v) {
    w.processor_info([&](wire::ProcessorInfoWriter& s) { put_type_processor_info(s, v); });
  });
  if_type_member(j, "vCpuInfo", [&](const nlohmann::json& v) {
    w.v_cpu_info([&](wire::VCpuInfoWriter& s) { put_type_v_cpu_info(s, v); });
  });
  if_type_member(j, "memoryInfo", [&](const nlohmann::json& v) {
    w.memory_info([&](wire::MemoryInfoWriter& s) { put_type_memory_info(s, v); });
  });
  if_type_member(j, "instanceStorageSupported",
                 [&](const nlohmann::json& v) { w.instance_storage_supported(v.get<bool>()); });
  if_type_member(j, "instanceStorageInfo", [&](const nlohmann::json& v) {
    w.instance_storage_info(
        [&](wire::InstanceStorageInfoWriter& s) { put_type_instance_storage_info(s, v); });
  });
  if_type_member(j, "ebsInfo", [&](const nlohmann::json& v) {
    w.ebs_info([&](wire::EbsInfoWriter& s) { put_type_ebs_info(s, v); });
  });
  if_type_member(j, "networkInfo", [&](const nlohmann::json& v) {
    w.network_info([&](wire::NetworkInfoWriter& s) { put_type_network_info(s, v); });
  });
  if_type_member(j, "gpuInfo", [&](const nlohmann::json& v) {
    w.gpu_info([&](wire::GpuInfoWriter& s) { put_type_gpu_info(s, v); });
  });
  if_type_member(j, "fpgaInfo", [&](const nlohmann::json& v) {
    w.fpga_info([&](wire::FpgaInfoWriter& s) { put_type_fpga_info(s, v); });
  });
  if_type_member(j, "placementGroupInfo", [&](const nlohmann::json& v) {
    w.placement_group_info(
        [&](wire::PlacementGroupInfoWriter& s) { put_type_placement_group_info(s, v); });
  });
  if_type_member(j, "inferenceAcceleratorInfo", [&](const nlohmann::json& v) {
    w.inference_accelerator_info([&](wire::InferenceAcceleratorInfoWriter& s) {
      put_type_inference_accelerator_info(s, v);
    });
  });
  if_type_member(j, "hibernationSupported",
                 [&](const nlohmann::json& v) { w.hibernation_supported(v.get<bool>()); });
  if_type_member(j, "burstablePerformanceSupported", [&](const nlohmann::json& v) {
    w.burstable_performance_supported(v.get<bool>());
  });
  if_type_member(j, "dedicatedHostsSupported",
                 [&](const nlohmann::json& v) { w.dedicated_hosts_supported(v.get<bool>()); });
  if_type_member(j, "autoRecoverySupported",
                 [&](const nlohmann::json& v) { w.auto_recovery_supported(v.get<bool>()); });
  if_type_member(j, "supportedBootModes", [&](const nlohmann::json& v) {
    w.supported_boot_modes([&](wire::BootModeTypeListWriter& l) {
      for (const nlohmann::json& x : v) l.item(x.get_ref<const std::string&>());
    });
  });
  if_type_member(j, "nitroEnclavesSupport", [&](const nlohmann::json& v) {
    w.nitro_enclaves_support(v.get_ref<const std::string&>());
  });
  if_type_member(j, "nitroTpmSupport", [&](const nlohmann::json& v) {
    w.nitro_tpm_support(v.get_ref<const std::string&>());
  });
  if_type_member(j, "nitroTpmInfo", [&](const nlohmann::json& v) {
    w.nitro_tpm_info([&](wire::NitroTpmInfoWriter& s) { put_type_nitro_tpm_info(s, v); });
  });
  if_type_member(j, "mediaAcceleratorInfo", [&](const nlohmann::json& v) {
    w.media_accelerator_info(
        [&](wire::MediaAcceleratorInfoWriter& s) { put_type_media_accelerator_info(s, v); });
  });
  if_type_member(j, "neuronInfo", [&](const nlohmann::json& v) {
    w.neuron_info([&](wire::NeuronInfoWriter& s) { put_type_neuron_info(s, v); });
  });
  if_type_member(j, "phcSupport",
                 [&](const nlohmann::json& v) { w.phc_support(v.get_ref<const std::string&>()); });
  if_type_member(j, "rebootMigrationSupport", [&](const nlohmann::json& v) {
    w.reboot_migration_support(v.get_ref<const std::string&>());
  });
  w.supported_in_region(supported_in_region);
}

}  // namespace

void write_instance_type_info(wire::InstanceTypeInfoWriter& w, const InstanceTypeView& view) {
  put_type_instance_type_info(w, view.type->wire(), view.supported_in_region);
}

}  // namespace cloudlife::ec2::api
