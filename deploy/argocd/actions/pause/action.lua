-- spec.paused: the operator keeps observing the hosts and reporting status, and changes nothing on them (no
-- stage, no failover test) until resumed.
obj.spec.paused = true
return obj
