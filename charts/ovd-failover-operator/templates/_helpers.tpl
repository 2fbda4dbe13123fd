{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "ovd-failover-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name. A release called like the chart (the documented `helm install ovd-failover-operator ...`)
gives plain "ovd-failover-operator", the name deploy/ uses too.
*/}}
{{- define "ovd-failover-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ovd-failover-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ovd-failover-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ovd-failover-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ovd-failover-operator.labels" -}}
helm.sh/chart: {{ include "ovd-failover-operator.chart" . }}
{{ include "ovd-failover-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: ovd-failover-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels of the `helm test` pod: the release's, but not the operator's selector labels. */}}
{{- define "ovd-failover-operator.testSelectorLabels" -}}
app.kubernetes.io/name: {{ include "ovd-failover-operator.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ovd-failover-operator.testLabels" -}}
helm.sh/chart: {{ include "ovd-failover-operator.chart" . }}
{{ include "ovd-failover-operator.testSelectorLabels" . }}
app.kubernetes.io/component: test
app.kubernetes.io/part-of: ovd-failover-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "ovd-failover-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ovd-failover-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ovd-failover-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The least privilege the operator needs in a namespace it watches (or, with no watchNamespaces, in all of them):
- its two custom resources: read and watch them, patch/update them (finalizers and metadata only: the operator
  never writes spec), write their status subresource, and set finalizers (needed where OwnerReferencesPermissionEnforcement is on);
- Secrets named by those resources (SSH keys, hacluster password, database credentials): read only, never write;
- Events: create, and patch to aggregate repeated events.
*/}}
{{- define "ovd-failover-operator.watchRules" -}}
- apiGroups: ["ovdfailover.io"]
  resources: ["ovdfailoverclusters", "clusternodes"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["ovdfailover.io"]
  resources: ["ovdfailoverclusters/status", "clusternodes/status"]
  verbs: ["patch", "update"]
- apiGroups: ["ovdfailover.io"]
  resources: ["ovdfailoverclusters/finalizers", "clusternodes/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets"]
  {{- with .Values.rbac.secretNames }}
  resourceNames: {{ toJson . }}
  {{- end }}
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* The container port that answers /healthz and /readyz: its own with health.port, else the metrics port. */}}
{{- define "ovd-failover-operator.healthPortName" -}}
{{- if .Values.health.port }}health{{ else }}metrics{{ end }}
{{- end }}

{{- define "ovd-failover-operator.healthPort" -}}
{{- .Values.health.port | default .Values.metrics.port }}
{{- end }}

{{/* Fails the render on combinations the schema cannot express clearly. */}}
{{- define "ovd-failover-operator.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicaCount > 1 requires leaderElection.enabled=true: two operators reconciling the same cluster would race over SSH" }}
{{- end }}
{{- if and (not .Values.serviceAccount.create) .Values.rbac.create (not .Values.serviceAccount.name) }}
{{- fail "serviceAccount.create=false with rbac.create=true needs serviceAccount.name (the account the RBAC binds)" }}
{{- end }}
{{- if and .Values.health.port (eq (int .Values.health.port) (int .Values.metrics.port)) }}
{{- fail "health.port must differ from metrics.port (leave it empty for one port serving both)" }}
{{- end }}
{{- end }}
