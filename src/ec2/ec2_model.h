// The EC2 model: instances and their rules, on the shared state machine.
// Contract: every method must be called with the engine lock held (inside Engine::transact), and
// either throws core::ServiceError before changing anything or applies its change whole — except
// TerminateInstances' documented per-Availability-Zone partial outcome, which is returned as data.
// Results are copies, so callers encode them after the lock is released.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine.h"
#include "core/faults.h"
#include "core/partitions.h"
#include "core/service_error.h"
#include "core/service_events.h"
#include "core/timed_event.h"
#include "ec2/capacity.h"
#include "ec2/ec2_partition.h"
#include "ec2/filters.h"
#include "ec2/images.h"
#include "ec2/imds_tokens.h"
#include "ec2/resource_events.h"

namespace cloudlife::ec2 {

struct LaunchTemplateRef {
  std::string id;
  std::string name;
  std::string version;  // "", "$Latest", "$Default" or a number
};

struct RunInstancesRequest {
  LaunchSpec spec;
  std::optional<LaunchTemplateRef> launch_template;
  long long min_count = 1;
  long long max_count = 1;
  std::string client_token;
  std::string fingerprint;      // canonical form of the parameters, for ClientToken idempotency
  std::string requester_id;     // a service launching on the owner's behalf (Auto Scaling)
  std::string spot_request_id;  // a Spot request fulfilling itself (src/ec2/spot_requests.cc)
  bool dry_run = false;
};

struct ReservationView {
  Reservation reservation;
  std::vector<Instance> instances;
};

struct StateChange {
  std::string instance_id;
  core::InstanceState previous;
  core::InstanceState current;
};

struct DescribeInstancesRequest {
  std::vector<std::string> instance_ids;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
};

struct DescribeInstancesResult {
  std::vector<ReservationView> reservations;
  std::string next_token;
};

// DescribeInstances' answer as pointers into the partition: valid only under the engine lock that
// selected it (the encoder writes the answer from it without copying any instance).
struct InstanceSelection {
  struct Group {
    const Reservation* reservation = nullptr;
    std::vector<const Instance*> instances;
  };
  std::vector<Group> groups;
  std::size_t instance_count = 0;
  std::string next_token;
};

struct TerminateOutcome {
  std::vector<StateChange> changes;           // instances that began (or had) termination
  std::optional<core::ServiceError> refusal;  // OperationNotPermitted for protected AZs
};

struct InstanceStatusView {
  Instance instance;
  std::string instance_status;  // ok | initializing | not-applicable | impaired
  std::string system_status;
  std::string reachability;  // passed | initializing | failed | "" when not applicable
};

struct DescribeInstanceStatusRequest {
  std::vector<std::string> instance_ids;
  std::vector<Filter> filters;
  bool include_all_instances = false;
  std::optional<long long> max_results;
  std::string next_token;
};

struct DescribeInstanceStatusResult {
  std::vector<InstanceStatusView> statuses;
  std::string next_token;
};

struct ModifyInstanceAttributeRequest {
  std::string instance_id;
  std::optional<bool> disable_api_termination;
  std::optional<bool> disable_api_stop;
  std::optional<std::string> shutdown_behavior;
  std::optional<std::string> instance_type;
  std::optional<std::string> user_data;
  std::optional<bool> ebs_optimized;
  std::optional<bool> source_dest_check;
  std::optional<bool> ena_support;
  std::optional<std::string> sriov_net_support;
  std::vector<std::pair<std::string, bool>> delete_on_termination;  // device -> flag
  std::vector<std::string> security_group_ids;
  bool dry_run = false;
};

inline core::ServiceError dry_run_succeeded() {
  return core::ServiceError("DryRunOperation",
                            "Request would have succeeded, but DryRun flag is set.", 412);
}

class Ec2Model {
 public:
  explicit Ec2Model(core::Engine& engine);

  // The doors to the model's state take the engine lock's proof (core/engine_lock.h).
  Ec2Partition& partition(core::LockProof held, const core::PartitionKey& key) {
    return partitions_.get(held, key);
  }
  Ec2Partition* find_partition(core::LockProof held, const core::PartitionKey& key) {
    return partitions_.find(held, key);
  }
  template <class F>
  void for_each_partition(core::LockProof held, F&& f) {
    partitions_.for_each(held, std::forward<F>(f));
  }
  void clear(core::LockProof held) {
    partitions_.clear(held);
    capacity_.clear();
    imds_tokens_.clear();
  }

  // --- instances -------------------------------------------------------------------------------
  ReservationView run_instances(Ec2Partition& p, const RunInstancesRequest& request,
                                core::TimeMs now);
  // The same launch, answered as pointers into the partition (REQUIRES: the engine lock, held
  // while the answer is used): RunInstances writes its answer without copying an instance.
  InstanceSelection::Group run_instances_in_place(Ec2Partition& p,
                                                  const RunInstancesRequest& request,
                                                  core::TimeMs now);
  DescribeInstancesResult describe_instances(Ec2Partition& p,
                                             const DescribeInstancesRequest& request);
  // The same selection, by reference (REQUIRES: the engine lock, held while it is used).
  InstanceSelection select_instances(Ec2Partition& p, const DescribeInstancesRequest& request);
  std::vector<StateChange> start_instances(Ec2Partition& p, const std::vector<std::string>& ids,
                                           bool dry_run, core::TimeMs now);
  std::vector<StateChange> stop_instances(Ec2Partition& p, const std::vector<std::string>& ids,
                                          bool hibernate, bool force, bool dry_run,
                                          core::TimeMs now);
  void reboot_instances(Ec2Partition& p, const std::vector<std::string>& ids, bool dry_run,
                        core::TimeMs now);
  // `ignore_protection`: Auto Scaling and other services terminate regardless of
  // disableApiTermination.
  TerminateOutcome terminate_instances(Ec2Partition& p, const std::vector<std::string>& ids,
                                       bool force, bool dry_run, core::TimeMs now,
                                       bool ignore_protection = false);
  Instance describe_instance_attribute(Ec2Partition& p, const std::string& instance_id,
                                       const std::string& attribute, bool dry_run);
  void modify_instance_attribute(Ec2Partition& p, const ModifyInstanceAttributeRequest& request,
                                 core::TimeMs now);
  DescribeInstanceStatusResult describe_instance_status(
      Ec2Partition& p, const DescribeInstanceStatusRequest& request, core::TimeMs now);

  // --- events the cloud causes (fault injection) ----------------------------------------------
  // Announces a Spot interruption now and carries it out `notice` later per the instance's
  // InstanceInterruptionBehavior (terminate | stop | hibernate).
  void interrupt_spot(Ec2Partition& p, const std::string& instance_id, core::TimeMs notice,
                      core::TimeMs now);
  // The operating system shut itself down: stop or terminate per instanceInitiatedShutdownBehavior.
  void os_initiated_shutdown(Ec2Partition& p, const std::string& instance_id, core::TimeMs now);
  // Schedules an instance-retirement event (DescribeInstanceStatus) for `not_before`; at that time
  // an EBS-backed instance is stopped and an instance-store-backed one terminated.
  InstanceEvent schedule_retirement(Ec2Partition& p, const std::string& instance_id,
                                    core::TimeMs not_before, core::TimeMs now);

  // --- capacity pools (ec2/capacity.h; src/ec2/capacity_model.cc) ---------------------------
  CapacityPools& capacity(core::LockProof /*held*/) { return capacity_; }
  // What the pool still lets launch now (nullopt: nobody listed it, so it is unlimited), counted
  // over every account of the region.
  std::optional<long long> capacity_remaining(core::LockProof held, const std::string& region,
                                              const std::string& zone,
                                              const std::string& instance_type, Market market);
  // How many of [min_count, max_count] the pool lets launch; throws InsufficientInstanceCapacity
  // (HTTP 500, EC2's message naming the zones that could take it) when fewer than min_count fit.
  long long take_capacity(core::LockProof held, const std::string& region, const std::string& zone,
                          const std::string& instance_type, Market market, long long min_count,
                          long long max_count);
  // StartInstances: throws InsufficientInstanceCapacity when the stopped instances among these do
  // not all fit in their pools.
  void require_start_capacity(Ec2Partition& p, const std::vector<Instance*>& instances);

  // --- service events (aws.ec2 on the EventBridge-shaped log; src/ec2/ec2_service_events.cc) ---
  void set_service_events(core::ServiceEventLog* events) { service_events_ = events; }
  core::ServiceEventLog* service_events() { return service_events_; }
  // Publishes an aws.ec2 event of this partition at `at` (nothing when no log is attached).
  void publish_event(const Ec2Partition& p, const std::string& detail_type,
                     std::vector<std::string> resources, nlohmann::json detail, core::TimeMs at);
  // "EC2 Instance State-change Notification": the instance entered `state`.
  void publish_state(const Ec2Partition& p, const Instance& instance, core::InstanceState state,
                     core::TimeMs at);
  static std::string instance_arn(const core::PartitionKey& key, const std::string& instance_id);

  // --- Spot Instance requests (ec2/spot_request.h; src/ec2/spot_requests.cc) -------------------
  std::vector<SpotInstanceRequest> request_spot_instances(Ec2Partition& p,
                                                          const RequestSpotInput& input,
                                                          core::TimeMs now);
  std::vector<SpotInstanceRequest> describe_spot_instance_requests(
      Ec2Partition& p, const std::vector<std::string>& ids, const std::vector<Filter>& filters);
  std::vector<SpotCancelResult> cancel_spot_instance_requests(Ec2Partition& p,
                                                              const std::vector<std::string>& ids,
                                                              bool dry_run, core::TimeMs now);
  // RunInstances with InstanceMarketOptions: refuses a MaxPrice below the current Spot price
  // (before anything is created), then records the launched instance's request (active/fulfilled).
  void check_spot_max_price(const Ec2Partition& p, const LaunchSpec& spec, const std::string& zone,
                            const std::string& instance_type, core::TimeMs now);
  void record_spot_request_of(Ec2Partition& p, Instance& instance, const LaunchSpec& spec,
                              core::TimeMs now);
  // The notice EC2 gives before interrupting a Spot Instance: IMDS spot/instance-action, the
  // "EC2 Spot Instance Interruption Warning" event, the request marked-for-termination.
  void announce_spot_interruption(Ec2Partition& p, Instance& instance, core::TimeMs now);
  // A rebalance recommendation: IMDS events/recommendations/rebalance and the event.
  void recommend_rebalance(Ec2Partition& p, const std::string& instance_id, core::TimeMs now);

  // --- EC2 Fleet (ec2/fleet.h; src/ec2/fleets.cc) ------------------------------------------------
  // Creates the fleet and, for every type, fulfils it now (instant fleets answer their instances
  // and errors in the returned copy). Throws for bad input before anything is created.
  Fleet create_fleet(Ec2Partition& p, Fleet request, bool dry_run, core::TimeMs now);
  std::vector<Fleet> describe_fleets(Ec2Partition& p, const std::vector<std::string>& ids,
                                     const std::vector<Filter>& filters);
  Fleet& require_fleet(Ec2Partition& p, const std::string& id);
  struct FleetDeletion {
    std::string fleet_id, previous_state, current_state, error_code, error_message;
  };
  std::vector<FleetDeletion> delete_fleets(Ec2Partition& p, const std::vector<std::string>& ids,
                                           bool terminate_instances, bool dry_run,
                                           core::TimeMs now);

  // --- instance metadata (ec2/instance_metadata.h, ec2/imds_tokens.h) -------------------------
  ImdsTokens& imds_tokens(core::LockProof /*held*/) { return imds_tokens_; }
  // Auto Scaling's target lifecycle state of a group member ("" for other instances).
  using LifecycleStateLookup = std::function<std::string(
      core::LockProof held, const core::PartitionKey&, const std::string& instance_id)>;
  void set_lifecycle_state_lookup(LifecycleStateLookup f) { lifecycle_state_of_ = std::move(f); }
  std::string target_lifecycle_state(core::LockProof held, const core::PartitionKey& key,
                                     const std::string& id) const {
    return lifecycle_state_of_ ? lifecycle_state_of_(held, key, id) : "";
  }

  // The kind of the event that ends ModifyInstanceMetadataOptions' "pending" (instance_settings.h).
  core::EventKind metadata_options_applied_kind() const {
    return instance_events_.metadata_options_applied;
  }

  void set_faults(core::FaultRegistry* faults) { faults_ = faults; }
  core::FaultRegistry* faults() { return faults_; }

  // Throws InvalidInstanceID.Malformed / .NotFound for the first bad ID; returns the instances.
  std::vector<Instance*> require_instances(Ec2Partition& p, const std::vector<std::string>& ids);

  // Hooks other parts of the model (volumes, Auto Scaling) use.
  core::Engine& engine() { return engine_; }
  // The kinds of the resources' timed events (ec2/resource_events.h), defined by the constructor.
  const ResourceEventKinds& resource_events() const { return resource_events_; }
  // Called whenever an instance settles into a new state (after the change is applied).
  using StateListener =
      std::function<void(Ec2Partition&, Instance&, core::InstanceState previous, core::TimeMs at)>;
  void add_state_listener(StateListener listener) { listeners_.push_back(std::move(listener)); }
  // How many times any instance began to leave pending/running (stopping or shutting down). While
  // the count is unchanged, no instance that was pending or running has left it: a reader that
  // remembers it (the Auto Scaling EC2 health check) need not look at instances again.
  std::uint64_t departures_from_running() const { return departures_from_running_; }
  // Snapshots only (ec2/ec2_snapshot.h): the count a restored model goes on from.
  void restore_departures_from_running(core::LockProof /*held*/, std::uint64_t n) {
    departures_from_running_ = n;
  }

  static bool is_well_formed_instance_id(const std::string& id);
  static bool is_valid_instance_type(const std::string& type);

 private:
  void begin_boot(Ec2Partition& p, Instance& instance, core::TimeMs now);
  // Marks the lifecycle stuck when a fault rule says this transition sticks.
  void apply_stuck_faults(Ec2Partition& p, Instance& instance, const std::string& transition);
  void begin_stop(Ec2Partition& p, Instance& instance, bool hibernate, bool force,
                  core::TimeMs now);
  void begin_termination(Ec2Partition& p, Instance& instance, bool force, core::TimeMs now);
  void on_running(Ec2Partition& p, Instance& instance, core::TimeMs at);
  void on_stopped(Ec2Partition& p, Instance& instance, core::TimeMs at);
  void on_terminated(Ec2Partition& p, Instance& instance, core::TimeMs at);
  void notify(Ec2Partition& p, Instance& instance, core::InstanceState previous, core::TimeMs at);
  ReservationView view_of_reservation(Ec2Partition& p, const std::string& reservation_id);
  InstanceSelection::Group reservation_in_place(Ec2Partition& p, const std::string& reservation_id);
  void evaluate_spot_request(Ec2Partition& p, const std::string& request_id, core::TimeMs at);
  void schedule_spot_evaluation(Ec2Partition& p, SpotInstanceRequest& request, core::TimeMs at);
  void schedule_price_interruption(Ec2Partition& p, const Instance& instance,
                                   const SpotInstanceRequest& request, core::TimeMs now);
  void on_spot_instance_settled(Ec2Partition& p, Instance& instance, core::InstanceState previous,
                                core::TimeMs at);
  void fulfil_fleet(Ec2Partition& p, const std::string& fleet_id, core::TimeMs at);
  void on_fleet_instance_settled(Ec2Partition& p, Instance& instance, core::TimeMs at);
  void create_launch_volumes(Ec2Partition& p, Instance& instance, const LaunchSpec& spec,
                             const Image& image, core::TimeMs now);

  // --- timed events of instances, Spot requests and fleets (define_instance_events()) ----------
  // Each handler finds the partition (TimedEvent::part) and the resource (TimedEvent::subject)
  // again, and does nothing when either is gone.
  struct InstanceEventKinds {
    core::EventKind instance_running = 0;     // "ec2.instance-running": pending settles
    core::EventKind instance_stopped = 0;     // "ec2.instance-stopped": stopping settles
    core::EventKind instance_terminated = 0;  // "ec2.instance-terminated": shutting-down settles
    core::EventKind terminated_instance_gone = 0;  // "ec2.terminated-instance-gone"
    core::EventKind spot_interruption = 0;         // "ec2.spot-interruption"; no args
    core::EventKind instance_retirement = 0;       // "ec2.instance-retirement"; args: event ID
    core::EventKind metadata_options_applied = 0;  // "ec2.metadata-options-applied"
    core::EventKind spot_evaluation = 0;           // "ec2.spot-request-evaluation"
    core::EventKind spot_price_interruption = 0;   // "ec2.spot-price-interruption"; args: launch
    core::EventKind fleet_retry = 0;               // "ec2.fleet-retry"
    core::EventKind fleet_replacement = 0;         // "ec2.fleet-replacement"
  };
  void define_instance_events();
  // A settle event of an instance's lifecycle: completes the move at `due`, then runs `then`.
  void settle_instance(const core::EngineLock& held, core::TimeMs due,
                       const core::TimedEvent& event,
                       void (Ec2Model::*then)(Ec2Partition&, Instance&, core::TimeMs));
  void forget_terminated_instance(const core::EngineLock& held, const core::TimedEvent& event);
  void carry_out_spot_interruption(const core::EngineLock& held, core::TimeMs at,
                                   const core::TimedEvent& event);
  void carry_out_retirement(const core::EngineLock& held, core::TimeMs at,
                            const core::TimedEvent& event);
  void on_metadata_options_applied(const core::EngineLock& held, const core::TimedEvent& event);
  void on_spot_evaluation_due(const core::EngineLock& held, core::TimeMs when,
                              const core::TimedEvent& event);
  void on_spot_price_crossed(const core::EngineLock& held, core::TimeMs at,
                             const core::TimedEvent& event);
  void on_fleet_retry_due(const core::EngineLock& held, core::TimeMs t,
                          const core::TimedEvent& event);

  core::Engine& engine_;
  core::Partitions<Ec2Partition> partitions_;
  std::vector<StateListener> listeners_;
  std::uint64_t departures_from_running_ = 0;
  core::FaultRegistry* faults_ = nullptr;
  CapacityPools capacity_;
  core::ServiceEventLog* service_events_ = nullptr;
  ImdsTokens imds_tokens_;
  LifecycleStateLookup lifecycle_state_of_;
  ResourceEventKinds resource_events_;
  InstanceEventKinds instance_events_;
};

}  // namespace cloudlife::ec2
