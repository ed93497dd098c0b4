(function(){const n=document.createElement("link").relList;if(n&&n.supports&&n.supports("modulepreload"))return;for(const o of document.querySelectorAll('link[rel="modulepreload"]'))i(o);new MutationObserver(o=>{for(const l of o)if(l.type==="childList")for(const h of l.addedNodes)h.tagName==="LINK"&&h.rel==="modulepreload"&&i(h)}).observe(document,{childList:!0,subtree:!0});function r(o){const l={};return o.integrity&&(l.integrity=o.integrity),o.referrerPolicy&&(l.referrerPolicy=o.referrerPolicy),o.crossOrigin==="use-credentials"?l.credentials="include":o.crossOrigin==="anonymous"?l.credentials="omit":l.credentials="same-origin",l}function i(o){if(o.ep)return;o.ep=!0;const l=r(o);fetch(o.href,l)}})();var ce,v,ze,G,Ge,Ke,Qe,me,Z,z,Ve,we,ve,be,oe={},ie=[],cn=/acit|ex(?:s|g|n|p|$)|rph|grid|ows|mnc|ntw|ine[ch]|zoo|^ord|itera/i,de=Array.isArray;function I(e,n){for(var r in n)e[r]=n[r];return e}function Se(e){e&&e.parentNode&&e.parentNode.removeChild(e)}function dn(e,n,r){var i,o,l,h={};for(l in n)l=="key"?i=n[l]:l=="ref"?o=n[l]:h[l]=n[l];if(arguments.length>2&&(h.children=arguments.length>3?ce.call(arguments,2):r),typeof e=="function"&&e.defaultProps!=null)for(l in e.defaultProps)h[l]===void 0&&(h[l]=e.defaultProps[l]);return ee(e,h,i,o,null)}function ee(e,n,r,i,o){var l={type:e,props:n,key:r,ref:i,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:o??++ze,__i:-1,__u:0};return o==null&&v.vnode!=null&&v.vnode(l),l}function x(e){return e.children}function ne(e,n){this.props=e,this.context=n}function P(e,n){if(n==null)return e.__?P(e.__,e.__i+1):null;for(var r;n<e.__k.length;n++)if((r=e.__k[n])!=null&&r.__e!=null)return r.__e;return typeof e.type=="function"?P(e):null}function hn(e){if(e.__P&&e.__d){var n=e.__v,r=n.__e,i=[],o=[],l=I({},n);l.__v=n.__v+1,v.vnode&&v.vnode(l),xe(e.__P,l,n,e.__n,e.__P.namespaceURI,32&n.__u?[r]:null,i,r??P(n),!!(32&n.__u),o),l.__v=n.__v,l.__.__k[l.__i]=l,en(i,l,o),n.__e=n.__=null,l.__e!=r&&Xe(l)}}function Xe(e){if((e=e.__)!=null&&e.__c!=null)return e.__e=e.__c.base=null,e.__k.some(function(n){if(n!=null&&n.__e!=null)return e.__e=e.__c.base=n.__e}),Xe(e)}function Le(e){(!e.__d&&(e.__d=!0)&&G.push(e)&&!le.__r++||Ge!=v.debounceRendering)&&((Ge=v.debounceRendering)||Ke)(le)}function le(){try{for(var e,n=1;G.length;)G.length>n&&G.sort(Qe),e=G.shift(),n=G.length,hn(e)}finally{G.length=le.__r=0}}function Ye(e,n,r,i,o,l,h,a,c,d,_){var g,s,u,p,$,m,y=i&&i.__k||ie,f=n.length;for(c=un(r,n,y,c,f),g=0;g<f;g++)(u=r.__k[g])!=null&&(s=u.__i!=-1&&y[u.__i]||oe,u.__i=g,m=xe(e,u,s,o,l,h,a,c,d,_),p=u.__e,u.ref&&s.ref!=u.ref&&(s.ref&&ke(s.ref,null,u),_.push(u.ref,u.__c||p,u)),$==null&&p!=null&&($=p),4&u.__u?(c=Je(u,c,e),s.__e&&(s.__e=null)):typeof u.type=="function"&&m!==void 0?c=m:p&&(c=p.nextSibling),u.__u&=-7);return r.__e=$,c}function un(e,n,r,i,o){var l,h,a,c,d,_=r.length,g=_,s=0;for(e.__k=new Array(o),l=0;l<o;l++)(h=n[l])!=null&&typeof h!="boolean"&&typeof h!="function"?(typeof h=="string"||typeof h=="number"||typeof h=="bigint"||h.constructor==String?h=e.__k[l]=ee(null,h,null,null,null):de(h)?h=e.__k[l]=ee(x,{children:h},null,null,null):h.constructor===void 0&&h.__b>0?h=e.__k[l]=ee(h.type,h.props,h.key,h.ref?h.ref:null,h.__v):e.__k[l]=h,c=l+s,h.__=e,h.__b=e.__b+1,a=null,(d=h.__i=_n(h,r,c,g))!=-1&&(g--,(a=r[d])&&(a.__u|=2)),a==null||a.__v==null?(d==-1&&(o>_?s--:o<_&&s++),typeof h.type!="function"&&(h.__u|=4)):d!=c&&(d==c-1?s--:d==c+1?s++:(d>c?s--:s++,h.__u|=4))):e.__k[l]=null;if(g)for(l=0;l<_;l++)(a=r[l])!=null&&(2&a.__u)==0&&(a.__e==i&&(i=P(a)),tn(a,a));return i}function Je(e,n,r){var i,o;if(typeof e.type=="function"){for(i=e.__k,o=0;i&&o<i.length;o++)i[o]&&(i[o].__=e,n=Je(i[o],n,r));return n}e.__e!=n&&(n&&e.type&&!n.parentNode&&(n=P(e)),n=r.insertBefore(e.__e,n||null));do n=n&&n.nextSibling;while(n!=null&&n.nodeType==8);return n}function _n(e,n,r,i){var o,l,h,a=e.key,c=e.type,d=n[r],_=d!=null&&(2&d.__u)==0;if(d===null&&a==null||_&&a==d.key&&c==d.type)return r;if(i>(_?1:0)){for(o=r-1,l=r+1;o>=0||l<n.length;)if((d=n[h=o>=0?o--:l++])!=null&&(2&d.__u)==0&&a==d.key&&c==d.type)return h}return-1}function Ae(e,n,r){n[0]=="-"?e.setProperty(n,r??""):e[n]=r==null?"":typeof r!="number"||cn.test(n)?r:r+"px"}function X(e,n,r,i,o){var l,h;e:if(n=="style")if(typeof r=="string")e.style.cssText=r;else{if(typeof i=="string"&&(e.style.cssText=i=""),i)for(n in i)r&&n in r||Ae(e.style,n,"");if(r)for(n in r)i&&r[n]==i[n]||Ae(e.style,n,r[n])}else if(n[0]=="o"&&n[1]=="n")l=n!=(n=n.replace(Ve,"$1")),h=n.toLowerCase(),n=h in e||n=="onFocusOut"||n=="onFocusIn"?h.slice(2):n.slice(2),e.l||(e.l={}),e.l[n+l]=r,r?i?r[z]=i[z]:(r[z]=we,e.addEventListener(n,l?be:ve,l)):e.removeEventListener(n,l?be:ve,l);else{if(o=="http://www.w3.org/2000/svg")n=n.replace(/xlink(H|:h)/,"h").replace(/sName$/,"s");else if(n!="width"&&n!="height"&&n!="href"&&n!="list"&&n!="form"&&n!="tabIndex"&&n!="download"&&n!="rowSpan"&&n!="colSpan"&&n!="role"&&n!="popover"&&n in e)try{e[n]=r??"";break e}catch{}typeof r=="function"||(r==null||r===!1&&n[4]!="-"?e.removeAttribute(n):e.setAttribute(n,n=="popover"&&r==1?"":r))}}function Pe(e){return function(n){if(this.l){var r=this.l[n.type+e];if(n[Z]==null)n[Z]=we++;else if(n[Z]<r[z])return;return r(v.event?v.event(n):n)}}}function xe(e,n,r,i,o,l,h,a,c,d){var _,g,s,u,p,$,m,y,f,k,B,A,H,Ie,V,_e,T=n.type;if(n.constructor!==void 0)return null;128&r.__u&&(c=!!(32&r.__u),l=[a=n.__e=r.__e]),(_=v.__b)&&_(n);e:if(typeof T=="function"){g=h.length;try{if(f=n.props,k=T.prototype&&T.prototype.render,B=(_=T.contextType)&&i[_.__c],A=_?B?B.props.value:_.__:i,r.__c?y=(s=n.__c=r.__c).__=s.__E:(k?n.__c=s=new T(f,A):(n.__c=s=new ne(f,A),s.constructor=T,s.render=pn),B&&B.sub(s),s.state||(s.state={}),s.__n=i,u=s.__d=!0,s.__h=[],s._sb=[]),k&&s.__s==null&&(s.__s=s.state),k&&T.getDerivedStateFromProps!=null&&(s.__s==s.state&&(s.__s=I({},s.__s)),I(s.__s,T.getDerivedStateFromProps(f,s.__s))),p=s.props,$=s.state,s.__v=n,u)k&&T.getDerivedStateFromProps==null&&s.componentWillMount!=null&&s.componentWillMount(),k&&s.componentDidMount!=null&&s.__h.push(s.componentDidMount);else{if(k&&T.getDerivedStateFromProps==null&&f!==p&&s.componentWillReceiveProps!=null&&s.componentWillReceiveProps(f,A),n.__v==r.__v||!s.__e&&s.shouldComponentUpdate!=null&&s.shouldComponentUpdate(f,s.__s,A)===!1){n.__v!=r.__v&&(s.props=f,s.state=s.__s,s.__d=!1),n.__e=r.__e,n.__k=r.__k,n.__k.some(function(E){E&&(E.__=n)}),ie.push.apply(s.__h,s._sb),s._sb=[],s.__h.length&&h.push(s),a=P(r);break e}s.componentWillUpdate!=null&&s.componentWillUpdate(f,s.__s,A),k&&s.componentDidUpdate!=null&&s.__h.push(function(){s.componentDidUpdate(p,$,m)})}if(s.context=A,s.props=f,s.__P=e,s.__e=!1,H=v.__r,Ie=0,k)s.state=s.__s,s.__d=!1,H&&H(n),_=s.render(s.props,s.state,s.context),ie.push.apply(s.__h,s._sb),s._sb=[];else do s.__d=!1,H&&H(n),_=s.render(s.props,s.state,s.context),s.state=s.__s;while(s.__d&&++Ie<25);s.state=s.__s,s.getChildContext!=null&&(i=I(I({},i),s.getChildContext())),k&&!u&&s.getSnapshotBeforeUpdate!=null&&(m=s.getSnapshotBeforeUpdate(p,$)),V=_!=null&&_.type===x&&_.key==null?nn(_.props.children):_,a=Ye(e,de(V)?V:[V],n,r,i,o,l,h,a,c,d),s.base=n.__e,n.__u&=-161,s.__h.length&&h.push(s),y&&(s.__E=s.__=null)}catch(E){if(h.length=g,n.__v=null,c||l!=null){if(E.then){for(n.__u|=c?160:128;a&&a.nodeType==8&&a.nextSibling;)a=a.nextSibling;l!=null&&(l[l.indexOf(a)]=null),n.__e=a}else if(l!=null)for(_e=l.length;_e--;)Se(l[_e])}else n.__e=r.__e;n.__k==null&&(n.__k=r.__k||[]),E.then||Ze(n),v.__e(E,n,r)}}else l==null&&n.__v==r.__v?(n.__k=r.__k,n.__e=r.__e):a=n.__e=mn(r.__e,n,r,i,o,l,h,c,d);return(_=v.diffed)&&_(n),128&n.__u?void 0:a}function Ze(e){e&&(e.__c&&(e.__c.__e=!0),e.__k&&e.__k.some(Ze))}function en(e,n,r){for(var i=0;i<r.length;i++)ke(r[i],r[++i],r[++i]);v.__c&&v.__c(n,e),e.some(function(o){try{e=o.__h,o.__h=[],e.some(function(l){l.call(o)})}catch(l){v.__e(l,o.__v)}})}function nn(e){return typeof e!="object"||e==null||e.__b>0?e:de(e)?e.map(nn):e.constructor!==void 0?null:I({},e)}function mn(e,n,r,i,o,l,h,a,c){var d,_,g,s,u,p,$,m=r.props||oe,y=n.props,f=n.type;if(f=="svg"?o="http://www.w3.org/2000/svg":f=="math"?o="http://www.w3.org/1998/Math/MathML":o||(o="http://www.w3.org/1999/xhtml"),l!=null){for(d=0;d<l.length;d++)if((u=l[d])&&"setAttribute"in u==!!f&&(f?u.localName==f:u.nodeType==3)){e=u,l[d]=null;break}}if(e==null){if(f==null)return document.createTextNode(y);e=document.createElementNS(o,f,y.is&&y),a&&(v.__m&&v.__m(n,l),a=!1),l=null}if(f==null)m===y||a&&e.data==y||(e.data=y);else{if(l=f=="textarea"&&y.defaultValue!=null?null:l&&ce.call(e.childNodes),!a&&l!=null)for(m={},d=0;d<e.attributes.length;d++)m[(u=e.attributes[d]).name]=u.value;for(d in m)u=m[d],d=="dangerouslySetInnerHTML"?g=u:d=="children"||d in y||d=="value"&&"defaultValue"in y||d=="checked"&&"defaultChecked"in y||X(e,d,null,u,o);for(d in y)u=y[d],d=="children"?s=u:d=="dangerouslySetInnerHTML"?_=u:d=="value"?p=u:d=="checked"?$=u:a&&typeof u!="function"||m[d]===u||X(e,d,u,m[d],o);if(_)a||g&&(_.__html==g.__html||_.__html==e.innerHTML)||(e.innerHTML=_.__html),n.__k=[];else if(g&&(e.innerHTML=""),Ye(n.type=="template"?e.content:e,de(s)?s:[s],n,r,i,f=="foreignObject"?"http://www.w3.org/1999/xhtml":o,l,h,l?l[0]:r.__k&&P(r,0),a,c),l!=null)for(d=l.length;d--;)Se(l[d]);a&&f!="textarea"||(d="value",f=="progress"&&p==null?e.removeAttribute("value"):p!=null&&(p!==e[d]||f=="progress"&&!p||f=="option"&&p!=m[d])&&X(e,d,p,m[d],o),d="checked",$!=null&&$!=e[d]&&X(e,d,$,m[d],o))}return e}function ke(e,n,r){try{if(typeof e=="function"){var i=typeof e.__u=="function";i&&e.__u(),i&&n==null||(e.__u=e(n))}else e.current=n}catch(o){v.__e(o,r)}}function tn(e,n,r){var i,o;if(v.unmount&&v.unmount(e),(i=e.ref)&&(i.current&&i.current!=e.__e||ke(i,null,n)),(i=e.__c)!=null){if(i.componentWillUnmount)try{i.componentWillUnmount()}catch(l){v.__e(l,n)}i.base=i.__P=i.__n=null}if(i=e.__k)for(o=0;o<i.length;o++)i[o]&&tn(i[o],n,r||typeof e.type!="function");r||Se(e.__e),e.__c=e.__=e.__e=void 0}function pn(e,n,r){return this.constructor(e,r)}function fn(e,n,r){var i,o,l,h;n==document&&(n=document.documentElement),v.__&&v.__(e,n),o=(i=!1)?null:n.__k,l=[],h=[],xe(n,e=n.__k=dn(x,null,[e]),o||oe,oe,n.namespaceURI,o?null:n.firstChild?ce.call(n.childNodes):null,l,o?o.__e:n.firstChild,i,h),en(l,e,h),e.props.children=null}ce=ie.slice,v={__e:function(e,n,r,i){for(var o,l,h;n=n.__;)if((o=n.__c)&&!o.__)try{if((l=o.constructor)&&l.getDerivedStateFromError!=null&&(o.setState(l.getDerivedStateFromError(e)),h=o.__d),o.componentDidCatch!=null&&(o.componentDidCatch(e,i||{}),h=o.__d),h)return o.__E=o}catch(a){e=a}throw e}},ze=0,ne.prototype.setState=function(e,n){var r;r=this.__s!=null&&this.__s!=this.state?this.__s:this.__s=I({},this.state),typeof e=="function"&&(e=e(I({},r),this.props)),e&&I(r,e),e!=null&&this.__v&&(n&&this._sb.push(n),Le(this))},ne.prototype.forceUpdate=function(e){this.__v&&(this.__e=!0,e&&this.__h.push(e),Le(this))},ne.prototype.render=x,G=[],Ke=typeof Promise=="function"?Promise.prototype.then.bind(Promise.resolve()):setTimeout,Qe=function(e,n){return e.__v.__b-n.__v.__b},le.__r=0,me=Math.random().toString(8),Z="__d"+me,z="__a"+me,Ve=/(PointerCapture)$|Capture$/i,we=0,ve=Pe(!1),be=Pe(!0);var gn=0;function t(e,n,r,i,o,l){n||(n={});var h,a,c=n;if("ref"in c)for(a in c={},n)a=="ref"?h=n[a]:c[a]=n[a];var d={type:e,props:c,key:r,ref:h,__k:null,__:null,__b:0,__e:null,__c:null,constructor:void 0,__v:--gn,__i:-1,__u:0,__source:o,__self:l};if(typeof e=="function"&&(h=e.defaultProps))for(a in h)c[a]===void 0&&(c[a]=h[a]);return v.vnode&&v.vnode(d),d}var Q,w,pe,Oe,se=0,rn=[],S=v,Ee=S.__b,De=S.__r,Me=S.diffed,Re=S.__c,qe=S.unmount,Be=S.__;function Te(e,n){S.__h&&S.__h(w,e,se||n),se=0;var r=w.__H||(w.__H={__:[],__h:[]});return e>=r.__.length&&r.__.push({}),r.__[e]}function b(e){return se=1,yn(ln,e)}function yn(e,n,r){var i=Te(Q++,2);if(i.t=e,!i.__c&&(i.__=[ln(void 0,n),function(a){var c=i.__N?i.__N[0]:i.__[0],d=i.t(c,a);c!==d&&(i.__N=[d,i.__[1]],i.__c.setState({}))}],i.__c=w,!w.__f)){var o=function(a,c,d){if(!i.__c.__H)return!0;var _=!1,g=i.__c.props!==a;if(i.__c.__H.__.some(function(u){if(u.__N){_=!0;var p=u.__[0];u.__=u.__N,u.__N=void 0,p!==u.__[0]&&(g=!0)}}),l){var s=l.call(this,a,c,d);return _?s||g:s}return!_||g};w.__f=!0;var l=w.shouldComponentUpdate,h=w.componentWillUpdate;w.componentWillUpdate=function(a,c,d){if(this.__e){var _=l;l=void 0,o(a,c,d),l=_}h&&h.call(this,a,c,d)},w.shouldComponentUpdate=o}return i.__N||i.__}function L(e,n){var r=Te(Q++,3);!S.__s&&on(r.__H,n)&&(r.__=e,r.u=n,w.__H.__h.push(r))}function vn(e){return se=5,bn(function(){return{current:e}},[])}function bn(e,n){var r=Te(Q++,7);return on(r.__H,n)&&(r.__=e(),r.__H=n,r.__h=e),r.__}function $n(){for(var e;e=rn.shift();){var n=e.__H;if(e.__P&&n)try{n.__h.some(te),n.__h.some($e),n.__h=[]}catch(r){n.__h=[],S.__e(r,e.__v)}}}S.__b=function(e){w=null,Ee&&Ee(e)},S.__=function(e,n){e&&n.__k&&n.__k.__m&&(e.__m=n.__k.__m),Be&&Be(e,n)},S.__r=function(e){De&&De(e),Q=0;var n=(w=e.__c).__H;n&&(pe===w?(n.__h=[],w.__h=[],n.__.some(function(r){r.__N&&(r.__=r.__N),r.u=r.__N=void 0})):(n.__h.some(te),n.__h.some($e),n.__h=[],Q=0)),pe=w},S.diffed=function(e){Me&&Me(e);var n=e.__c;n&&n.__H&&(n.__H.__h.length&&(rn.push(n)!==1&&Oe===S.requestAnimationFrame||((Oe=S.requestAnimationFrame)||wn)($n)),n.__H.__.some(function(r){r.u&&(r.__H=r.u,r.u=void 0)})),pe=w=null},S.__c=function(e,n){n.some(function(r){try{r.__h.some(te),r.__h=r.__h.filter(function(i){return!i.__||$e(i)})}catch(i){n.some(function(o){o.__h&&(o.__h=[])}),n=[],S.__e(i,r.__v)}}),Re&&Re(e,n)},S.unmount=function(e){qe&&qe(e);var n,r=e.__c;r&&r.__H&&(r.__H.__.some(function(i){try{te(i)}catch(o){n=o}}),r.__H=void 0,n&&S.__e(n,r.__v))};var He=typeof requestAnimationFrame=="function";function wn(e){var n,r=function(){clearTimeout(i),He&&cancelAnimationFrame(n),setTimeout(e)},i=setTimeout(r,35);He&&(n=requestAnimationFrame(r))}function te(e){var n=w,r=e.__c;typeof r=="function"&&(e.__c=void 0,r()),w=n}function $e(e){var n=w;e.__c=e.__(),w=n}function on(e,n){return!e||e.length!==n.length||n.some(function(r,i){return r!==e[i]})}function ln(e,n){return typeof n=="function"?n(e):n}class fe extends Error{}async function O(e,n,r){const i=await fetch("/graphql",{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json"},body:JSON.stringify({query:e.toString(),variables:n}),signal:r});let o;try{o=await i.json()}catch{throw new fe(`The server answered ${i.status} without GraphQL.`)}if(o.errors?.length)throw new fe(o.errors.map(l=>l.message).join("; "));if(!o.data)throw new fe(`The server answered ${i.status}.`);return o.data}function Ue(e){const n=e.pathname,r=new URLSearchParams(e.search),i=o=>decodeURIComponent(n.slice(o.length));if(n.startsWith("/gene/"))return{page:"gene",id:i("/gene/")};if(n.startsWith("/term/"))return{page:"term",id:i("/term/")};if(n==="/enrichment")return{page:"enrichment"};if(n==="/"||n==="/search"){const o=Number(r.get("taxon"));return{page:"search",query:r.get("q")??"",taxon:o||null}}return{page:"missing",path:n}}const R=e=>`/gene/${encodeURIComponent(e)}`,q=e=>`/term/${encodeURIComponent(e)}`;function re(e,n=!1){n?history.replaceState(null,"",e):history.pushState(null,"",e),dispatchEvent(new PopStateEvent("popstate")),n||scrollTo(0,0)}function Sn(){const[e,n]=b(()=>Ue(location));return L(()=>{const r=()=>n(Ue(location));return addEventListener("popstate",r),()=>removeEventListener("popstate",r)},[]),e}function xn(){document.addEventListener("click",e=>{if(e.defaultPrevented||e.button!==0||e.metaKey||e.ctrlKey||e.shiftKey||e.altKey)return;const n=e.target.closest?.("a");if(!n||n.target||n.hasAttribute("download"))return;const r=new URL(n.href,location.href);r.origin!==location.origin||!n.hasAttribute("data-app")||(e.preventDefault(),re(r.pathname+r.search))})}const D=22,N=230,U=300,kn=1e-300;function Tn(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function Cn({terms:e}){const n=e.slice(0,20),r=a=>-Math.log10(Math.max(a,kn)),i=r(.05),o=Math.max(i*1.2,...n.map(a=>r(a.fdr))),l=a=>N+a/o*U,h=n.length*D+34;return t("figure",{class:"plot",children:t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":`−log10 FDR of the ${n.length} most enriched terms`,viewBox:`0 0 ${N+U+60} ${h}`,width:N+U+60,height:h,children:[n.map((a,c)=>{const d=c*D+4,_=r(a.fdr);return t("a",{href:q(a.term.id),"data-app":!0,children:[t("text",{x:N-6,y:d+14,"text-anchor":"end",class:"label",children:Tn(a.term.name,34)}),t("rect",{class:a.fdr<.05?"bar significant":"bar",x:N,y:d+2,width:Math.max(1,l(_)-N),height:D-6}),t("text",{x:l(_)+4,y:d+14,class:"value",children:_.toFixed(2)}),t("title",{children:`${a.term.id} ${a.term.name}: FDR ${a.fdr.toPrecision(3)}`})]},a.term.id)}),t("line",{class:"threshold",x1:l(i),x2:l(i),y1:0,y2:n.length*D+6}),t("line",{class:"axis",x1:N,x2:N+U,y1:n.length*D+6,y2:n.length*D+6}),t("text",{x:N+U/2,y:h-4,"text-anchor":"middle",class:"axis-label",children:"−log10 FDR (dashed: FDR 0.05)"})]})})})}const ge=22,F=260,ye=280;function Nn(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function sn({terms:e,value:n,unit:r,caption:i}){const o=e.filter(a=>n(a)>0).sort((a,c)=>n(c)-n(a));if(o.length===0)return t("p",{class:"slim-none",children:["No term of the slim: ",i]});const l=Math.max(...o.map(n)),h=o.length*ge+6;return t("figure",{class:"slim-plot",children:[t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":`GO slim: ${r} per term`,viewBox:`0 0 ${F+ye+50} ${h}`,width:F+ye+50,height:h,children:o.map((a,c)=>{const d=c*ge+2,_=Math.max(1,n(a)/l*ye);return t("a",{href:q(a.term.id),"data-app":!0,"data-term":a.term.id,children:[t("text",{x:F-6,y:d+14,"text-anchor":"end",class:"label",children:Nn(a.term.name,40)}),t("rect",{class:"slim-bar",x:F,y:d+2,width:_,height:ge-6}),t("text",{x:F+_+4,y:d+14,class:"value",children:n(a)}),t("title",{children:`${a.term.id} ${a.term.name}: ${n(a)} ${r}`})]},a.term.id)})})}),t("figcaption",{children:i})]})}function he({loaded:e,children:n}){return e.state==="loading"?t("p",{role:"status",children:"Loading…"}):e.state==="error"?t("p",{role:"alert",class:"error",children:e.message}):t(x,{children:n(e.data)})}class C extends String{constructor(n,r){super(n),this.value=n,this.__meta__=r}toString(){return this.value}}new C(`
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}
    `,{fragmentName:"SpeciesName"});const In=new C(`
    query Search($query: String!, $taxon: Int, $first: Int) {
  search(query: $query, taxon: $taxon, first: $first) {
    totalCount
    nodes {
      matchedBy
      matchedText
      gene {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),Gn=new C(`
    query GenePage($id: ID!) {
  gene(id: $id) {
    id
    geneId
    symbol
    name
    summary
    summaryProvenance
    type
    chromosome
    mapLocation
    aliases
    species {
      ...SpeciesName
    }
    xrefs {
      database
      id
      url
    }
    orthologs {
      source
      gene {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
    annotations {
      term {
        id
        name
        category
      }
      evidence
      qualifier
      source
      references
    }
    changes {
      description
      source
    }
    history {
      discontinuedGenes {
        id
        symbol
        discontinuedOn
      }
      annotationChanges {
        release {
          number
          loadedAt
        }
        added {
          termId
          evidence
          source
        }
        removed {
          termId
          evidence
          source
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),Ln=new C(`
    query TermPage($id: ID!) {
  goTerm(id: $id) {
    id
    name
    category
    definition
    isObsolete
    replacedBy
    consider
    altIds
    quickGoUrl
    amigoUrl
    synonyms {
      text
      scope
    }
    parents {
      relation
      term {
        id
      }
    }
    ancestors {
      id
      name
      parents {
        relation
        term {
          id
        }
      }
    }
  }
}
    `),An=new C(`
    query TermGenes($id: ID!, $taxon: Int, $first: Int, $after: String) {
  goTerm(id: $id) {
    id
    genes(taxon: $taxon, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        symbol
        name
        species {
          ...SpeciesName
        }
      }
    }
  }
}
    fragment SpeciesName on Species {
  taxonId
  scientificName
  commonName
}`),Pn=new C(`
    query ResolveGenes($ids: [ID!], $symbols: [String!], $taxon: Int!) {
  genes(ids: $ids, symbols: $symbols, taxon: $taxon) {
    input
    problem
    gene {
      id
      symbol
    }
  }
}
    `),On=new C(`
    query Enrichment($genes: [ID!]!, $taxon: Int!, $category: GOCategory) {
  enrichment(genes: $genes, taxon: $taxon, category: $category, maxResults: 50) {
    studySize
    backgroundSize
    testedTerms
    unknownGenes
    otherTaxonGenes {
      id
      symbol
    }
    unannotatedGenes {
      id
      symbol
    }
    terms {
      term {
        id
        name
        category
      }
      studyCount
      backgroundCount
      foldEnrichment
      pValue
      fdr
      studyGenes {
        id
        symbol
      }
    }
  }
}
    `),En=new C(`
    query Home {
  currentRelease {
    number
    loadedAt
    sources {
      format
    }
  }
}
    `),Dn=new C(`
    query SlimRoots {
  process: goTerm(id: "GO:0008150") {
    children {
      relation
      term {
        id
      }
    }
  }
  function: goTerm(id: "GO:0003674") {
    children {
      relation
      term {
        id
      }
    }
  }
  component: goTerm(id: "GO:0005575") {
    children {
      relation
      term {
        id
      }
    }
  }
}
    `),Mn=new C(`
    query SlimSummary($genes: [ID!]!, $slim: [ID!]!, $taxon: Int!, $category: GOCategory, $mapping: SlimMapping!) {
  slimSummary(
    genes: $genes
    slim: $slim
    taxon: $taxon
    category: $category
    mapping: $mapping
  ) {
    geneCount
    unmappedGenes {
      id
      symbol
    }
    terms {
      term {
        id
        name
        category
      }
      geneCount
      annotatedTermCount
    }
  }
}
    `);let j=null;function Rn(){return j??(j=O(Dn,{}).then(e=>[e.process,e.function,e.component].flatMap(n=>(n?.children??[]).filter(r=>r.relation==="is_a").map(r=>r.term.id)))),j.catch(()=>{j=null}),j}async function qn(e,n,r,i=null){const o=await Rn();return o.length===0?null:(await O(Mn,{genes:e,slim:o,taxon:n,category:i,mapping:r})).slimSummary}function an(e,n,r,i=null){const[o,l]=b({state:"loading"}),h=JSON.stringify([e,n,r,i]);return L(()=>{let a=!0;return l({state:"loading"}),qn(e,n,r,i).then(c=>a&&l({state:"done",data:c}),c=>a&&l({state:"error",message:String(c)})),()=>{a=!1}},[h]),o}const ae=[{taxon:9606,label:"Human (Homo sapiens)"},{taxon:10090,label:"Mouse (Mus musculus)"},{taxon:10116,label:"Rat (Rattus norvegicus)"}],K=[{value:"BIOLOGICAL_PROCESS",label:"biological_process"},{value:"MOLECULAR_FUNCTION",label:"molecular_function"},{value:"CELLULAR_COMPONENT",label:"cellular_component"}],Ce=e=>K.find(n=>n.value===e)?.label??e;function ue(e){return e.commonName?`${e.scientificName} (${e.commonName})`:e.scientificName}function Bn(e){const n=[...new Set(e.split(/[\s,;]+/).filter(Boolean))];return{ids:n.filter(r=>r.includes(":")),symbols:n.filter(r=>!r.includes(":"))}}async function Hn(e,n,r){const{ids:i,symbols:o}=Bn(e);if(i.length+o.length===0)throw new Error("Paste at least one gene.");const l=await O(Pn,{ids:i,symbols:o,taxon:n}),h=l.genes.filter(d=>!d.gene).map(d=>`${d.input} (${d.problem})`),a=[...new Set(l.genes.flatMap(d=>d.gene?[d.gene.id]:[]))];if(a.length===0)throw new Error(`No gene matched: ${h.join(", ")}`);return{result:(await O(On,{genes:a,taxon:n,category:r||null})).enrichment,unmatched:h,genes:a,taxon:n,category:r||null}}const Fe=e=>e===0?"0":e.toPrecision(3);function Un(){const[e,n]=b(""),[r,i]=b(ae[0].taxon),[o,l]=b("BIOLOGICAL_PROCESS"),[h,a]=b(null),[c,d]=b(null),[_,g]=b(!1);return t("section",{children:[t("h1",{tabIndex:-1,children:"GO enrichment"}),t("p",{children:"Paste gene symbols, aliases or ids (NCBIGene:3558): the GO terms over-represented among them, against every annotated gene of the species."}),t("form",{class:"enrichment",onSubmit:async u=>{u.preventDefault(),g(!0),d(null);try{a(await Hn(e,r,o))}catch(p){a(null),d(p instanceof Error?p.message:String(p))}finally{g(!1)}},children:[t("div",{class:"field grow",children:[t("label",{for:"gene-list",children:"Genes, one per line or separated by commas"}),t("textarea",{id:"gene-list",rows:6,spellcheck:!1,value:e,onInput:u=>n(u.currentTarget.value)})]}),t("div",{class:"field",children:[t("label",{for:"enrichment-species",children:"Species"}),t("select",{id:"enrichment-species",value:r,onChange:u=>i(Number(u.currentTarget.value)),children:ae.map(u=>t("option",{value:u.taxon,children:u.label}))})]}),t("div",{class:"field",children:[t("label",{for:"enrichment-category",children:"Category"}),t("select",{id:"enrichment-category",value:o,onChange:u=>l(u.currentTarget.value),children:[t("option",{value:"",children:"All categories"}),K.map(u=>t("option",{value:u.value,children:u.label}))]})]}),t("button",{type:"submit",disabled:_,children:_?"Running…":"Run enrichment"})]}),c&&t("p",{role:"alert",class:"error",children:c}),h&&t(jn,{outcome:h})]})}function Fn({outcome:e}){const n=an(e.genes,e.taxon,"DIRECT",e.category);return t("section",{"aria-labelledby":"study-slim",children:[t("h3",{id:"study-slim",children:"GO slim summary of the study genes"}),t(he,{loaded:n,children:r=>r&&t(x,{children:[t(sn,{terms:r.terms,value:i=>i.geneCount,unit:"genes",caption:`Study genes mapped to each term of the first level of GO (of ${r.geneCount}).`}),r.unmappedGenes.length>0&&t("p",{class:"slim-unmapped",children:["Mapped to none: ",r.unmappedGenes.map(i=>i.symbol).join(", "),"."]})]})})]})}function jn({outcome:e}){const{result:n,unmatched:r}=e,i=[...r,...n.unknownGenes,...n.otherTaxonGenes.map(o=>`${o.symbol} (another species)`),...n.unannotatedGenes.map(o=>`${o.symbol} (not in the background)`)];return t("section",{"aria-labelledby":"enrichment-result",class:"enrichment-result",children:[t("h2",{id:"enrichment-result",children:[n.terms.length," terms with study genes, of ",n.testedTerms," tested"]}),t("p",{role:"status",children:[n.studySize," study genes counted against a background of ",n.backgroundSize,"."]}),i.length>0&&t("p",{class:"notice",children:["Not counted: ",i.join(", "),"."]}),n.terms.length>0&&t(Cn,{terms:n.terms}),t(Fn,{outcome:e}),t("div",{class:"scroll",children:t("table",{class:"enriched",children:[t("thead",{children:t("tr",{children:[t("th",{scope:"col",children:"Term"}),t("th",{scope:"col",children:"Category"}),t("th",{scope:"col",children:"Study"}),t("th",{scope:"col",children:"Background"}),t("th",{scope:"col",children:"Fold"}),t("th",{scope:"col",children:"p-value"}),t("th",{scope:"col",children:"FDR"}),t("th",{scope:"col",children:"Genes"})]})}),t("tbody",{children:n.terms.map(o=>t("tr",{children:[t("td",{children:[t("a",{href:q(o.term.id),"data-app":!0,children:o.term.id})," ",o.term.name]}),t("td",{children:Ce(o.term.category)}),t("td",{class:"number",children:o.studyCount}),t("td",{class:"number",children:o.backgroundCount}),t("td",{class:"number",children:o.foldEnrichment.toFixed(2)}),t("td",{class:"number",children:Fe(o.pValue)}),t("td",{class:"number",children:Fe(o.fdr)}),t("td",{children:o.studyGenes.map((l,h)=>t(x,{children:[h>0&&", ",t("a",{href:R(l.id),"data-app":!0,children:l.symbol})]}))})]},o.term.id))})]})})]})}function Ne(e,n){const[r,i]=b({state:"loading"}),o=JSON.stringify(n);return L(()=>{const l=new AbortController;return i({state:"loading"}),O(e,n,l.signal).then(h=>i({state:"done",data:h}),h=>{l.signal.aborted||i({state:"error",message:String(h)})}),()=>l.abort()},[e,o]),r}function Wn({id:e}){const n=Ne(Gn,{id:e});return t(he,{loaded:n,children:r=>r.gene?t(zn,{gene:r.gene},r.gene.id):t("section",{children:[t("h1",{tabIndex:-1,children:["No gene ",e]}),t("p",{children:["No gene has this id. ",t("a",{href:"/","data-app":!0,children:"Search"})," for it by symbol or name."]})]})})}function zn({gene:e}){return t("article",{class:"gene",children:[t("h1",{tabIndex:-1,children:[e.symbol," ",t("span",{class:"subtitle",children:e.name})]}),t("dl",{class:"facts",children:[t("dt",{children:"Species"}),t("dd",{children:ue(e.species)}),t("dt",{children:"Gene id"}),t("dd",{children:e.id}),e.type&&t(x,{children:[t("dt",{children:"Type"}),t("dd",{children:e.type})]}),e.mapLocation&&t(x,{children:[t("dt",{children:"Location"}),t("dd",{children:e.mapLocation})]}),e.aliases.length>0&&t(x,{children:[t("dt",{children:"Also known as"}),t("dd",{children:e.aliases.join("; ")})]})]}),e.summary&&t("section",{"aria-labelledby":"summary",children:[t("h2",{id:"summary",children:"Summary"}),t("p",{children:e.summary}),e.summaryProvenance&&t("p",{class:"provenance",children:e.summaryProvenance})]}),t(Kn,{gene:e}),t(Qn,{annotations:e.annotations}),t(Vn,{gene:e}),t(Xn,{gene:e}),t(Yn,{gene:e})]})}function Kn({gene:e}){const n=new Map;for(const r of e.orthologs){const i=n.get(r.gene.id);i?i.sources.push(r.source):n.set(r.gene.id,{ortholog:r,sources:[r.source]})}return t("section",{"aria-labelledby":"orthologs",children:[t("h2",{id:"orthologs",children:"Orthologs"}),n.size===0?t("p",{children:"None known."}):t("ul",{class:"orthologs",children:[...n.values()].map(({ortholog:r,sources:i})=>t("li",{children:[t("a",{href:R(r.gene.id),"data-app":!0,children:r.gene.symbol})," ",ue(r.gene.species)," ",t("small",{children:["(",i.join(", "),")"]})]},r.gene.id))})]})}function Qn({annotations:e}){const[n,r]=b(""),[i,o]=b(""),l=[...new Set(e.map(c=>c.evidence??"none"))].sort(),h=new Map(K.map(c=>[c.value,new Set]));for(const c of e)h.get(c.term.category)?.add(c.term.id);const a=e.filter(c=>(!n||c.term.category===n)&&(!i||(c.evidence??"none")===i));return t("section",{"aria-labelledby":"go-terms",children:[t("h2",{id:"go-terms",children:"Gene Ontology"}),t("p",{class:"counts","aria-label":"Terms per category",children:K.map(c=>t("span",{"data-category":c.value,children:[c.label,": ",t("strong",{children:h.get(c.value)?.size??0})]},c.value))}),t("div",{class:"filters",children:[t("div",{class:"field",children:[t("label",{for:"go-category",children:"Category"}),t("select",{id:"go-category",value:n,onChange:c=>r(c.currentTarget.value),children:[t("option",{value:"",children:"All categories"}),K.map(c=>t("option",{value:c.value,children:c.label}))]})]}),t("div",{class:"field",children:[t("label",{for:"go-evidence",children:"Evidence"}),t("select",{id:"go-evidence",value:i,onChange:c=>o(c.currentTarget.value),children:[t("option",{value:"",children:"All evidence"}),l.map(c=>t("option",{value:c,children:c}))]})]})]}),t("div",{class:"scroll",children:t("table",{class:"go",children:[t("caption",{children:[a.length," of ",e.length," annotations"]}),t("thead",{children:t("tr",{children:[t("th",{scope:"col",children:"ID"}),t("th",{scope:"col",children:"Term"}),t("th",{scope:"col",children:"Category"}),t("th",{scope:"col",children:"Evidence"}),t("th",{scope:"col",children:"Source"})]})}),t("tbody",{children:a.map((c,d)=>t("tr",{children:[t("td",{children:t("a",{href:q(c.term.id),"data-app":!0,children:c.term.id})}),t("td",{children:[c.qualifier&&t("small",{class:"tag",children:c.qualifier})," ",c.term.name]}),t("td",{children:Ce(c.term.category)}),t("td",{children:c.evidence??"—"}),t("td",{children:c.source})]},`${c.term.id}-${c.evidence}-${c.source}-${d}`))})]})})]})}function Vn({gene:e}){const n=an([e.id],e.species.taxonId,"ALL");return t("section",{"aria-labelledby":"go-slim",children:[t("h2",{id:"go-slim",children:"GO slim summary"}),t(he,{loaded:n,children:r=>r?t(sn,{terms:r.terms,value:i=>i.annotatedTermCount,unit:"GO terms",caption:"The gene's GO terms at or below each term of the first level of GO."}):t("p",{children:"The loaded ontology has no terms below its roots."})})]})}function Xn({gene:e}){return e.xrefs.length===0?null:t("section",{"aria-labelledby":"links",children:[t("h2",{id:"links",children:"Links to other resources"}),t("ul",{class:"links",children:e.xrefs.map(n=>t("li",{children:n.url?t("a",{href:n.url,rel:"noopener noreferrer",children:[n.database,": ",n.id]}):`${n.database}: ${n.id}`},`${n.database}:${n.id}`))})]})}function Yn({gene:e}){const{discontinuedGenes:n,annotationChanges:r}=e.history,i=e.changes.length+n.length+r.length===0;return t("section",{"aria-labelledby":"changes",children:[t("h2",{id:"changes",children:"Changes associated with this gene"}),i&&t("p",{children:"None recorded."}),t("ul",{class:"changes",children:[e.changes.map((o,l)=>t("li",{children:[o.description," ",t("small",{children:["(",o.source,")"]})]},`page-${l}`)),n.map(o=>t("li",{children:[o.id," (",o.symbol,") was discontinued on ",o.discontinuedOn," and merged into this gene"]},o.id)),r.map(o=>t("li",{children:["Release ",o.release.number," (",o.release.loadedAt.slice(0,10),"): added"," ",o.added.length,", removed ",o.removed.length," annotations",o.removed.length>0&&t(x,{children:[" (removed: ",o.removed.map(l=>`${l.termId} ${l.evidence??""}`).join(", "),")"]})]},`release-${o.release.number}`))]})]})}const Jn=new Set(["gene-info","gene2go","gaf"]);function Zn(){const e=Ne(En,{});if(e.state!=="done")return null;const n=e.data.currentRelease;if(!n)return t("p",{class:"release-note",children:"No data loaded yet."});const r=!n.sources.some(i=>Jn.has(i.format));return t("aside",{class:"release-note","aria-label":"Data served",children:[t("p",{children:["Serving release ",n.number,", loaded ",n.loadedAt.slice(0,10),"."]}),r&&t("p",{children:["This database holds only the IL2 seed page. For real data (the Gene Ontology and NCBI Gene), run ",t("code",{children:"genegraph update --species human,mouse,rat"})," on the server."]})]})}const et={SYMBOL:"symbol",SYMBOL_PREFIX:"symbol",ALIAS:"alias",NAME:"name",SUMMARY:"summary"};function je(e,n,r){const[i,o]=b(null),[l,h]=b(null);return L(()=>{const a=e.trim();if(!a){o(null);return}const c=new AbortController,d=setTimeout(()=>{O(In,{query:a,taxon:n,first:r},c.signal).then(_=>{h(null),o({query:a,nodes:_.search.nodes,total:_.search.totalCount})},_=>{c.signal.aborted||h(String(_))})},120);return()=>{clearTimeout(d),c.abort()}},[e,n,r]),{hits:i,error:l}}function nt({query:e,taxon:n}){const[r,i]=b(e),[o,l]=b(n),[h,a]=b(!1),[c,d]=b(-1),_=vn(null),g=je(r,o,10),s=je(e,n,50);L(()=>_.current?.focus(),[]),L(()=>i(e),[e]);const u=h&&r.trim()?g.hits?.nodes??[]:[],p=m=>{a(!1);const y=new URLSearchParams({q:m});o&&y.set("taxon",String(o)),re(`/?${y}`)},$=m=>{m.key==="ArrowDown"&&u.length?(m.preventDefault(),a(!0),d((c+1)%u.length)):m.key==="ArrowUp"&&u.length?(m.preventDefault(),d((c-1+u.length)%u.length)):m.key==="Escape"?(a(!1),d(-1)):m.key==="Enter"&&c>=0&&u[c]&&(m.preventDefault(),re(R(u[c].gene.id)))};return t("section",{children:[t("h1",{tabIndex:-1,children:"Find a gene"}),t("form",{class:"search",role:"search",onSubmit:m=>{m.preventDefault(),p(r)},children:[t("div",{class:"field grow combo",children:[t("label",{for:"q",children:"Symbol, alias or name"}),t("input",{id:"q",ref:_,type:"search",autocomplete:"off",spellcheck:!1,placeholder:"IL2, TCGF, interleukin…",role:"combobox","aria-autocomplete":"list","aria-expanded":u.length>0,"aria-controls":"suggestions","aria-activedescendant":c>=0?`suggestion-${c}`:void 0,value:r,onInput:m=>{i(m.currentTarget.value),a(!0),d(-1)},onKeyDown:$,onBlur:()=>setTimeout(()=>a(!1),150)}),t("ul",{id:"suggestions",role:"listbox","aria-label":"Suggestions",hidden:!u.length,children:u.map((m,y)=>t("li",{id:`suggestion-${y}`,role:"option","aria-selected":y===c,onMouseDown:f=>{f.preventDefault(),re(R(m.gene.id))},children:[t("strong",{children:m.gene.symbol})," ",t("span",{children:m.gene.name})," ",t("small",{children:[m.gene.species.scientificName,m.matchedText?` · alias ${m.matchedText}`:""]})]},m.gene.id))})]}),t("div",{class:"field",children:[t("label",{for:"species",children:"Species"}),t("select",{id:"species",value:o??"",onChange:m=>l(Number(m.currentTarget.value)||null),children:[t("option",{value:"",children:"All species"}),ae.map(m=>t("option",{value:m.taxon,children:m.label}))]})]}),t("button",{type:"submit",children:"Search"})]}),g.error&&t("p",{role:"alert",class:"error",children:g.error}),!e&&t(Zn,{}),e&&t("section",{"aria-labelledby":"results-heading",children:[t("h2",{id:"results-heading",children:s.hits?`${s.hits.total} genes match “${s.hits.query}”`:"Searching…"}),t("ul",{class:"results",children:s.hits?.nodes.map(m=>t("li",{children:[t("a",{href:R(m.gene.id),"data-app":!0,children:t("strong",{children:m.gene.symbol})})," ",m.gene.name," ",t("small",{children:ue(m.gene.species)})," ",t("small",{class:"tag",children:["by ",et[m.matchedBy]]})]},m.gene.id))})]})]})}const tt=new Set(["is_a","part_of"]),M=168,Y=44,W=16,J=40;function rt(e,n){var h;const r=new Map(e.map(a=>[a.id,[]]));for(const a of n)r.get(a.child)?.push(a.parent);const i=new Map,o=(a,c)=>{const d=i.get(a);if(d!==void 0)return d;if(c.has(a))return 0;c.add(a);const _=r.get(a)??[],g=_.length?1+Math.max(..._.map(s=>o(s,c))):0;return i.set(a,g),g},l=[];for(const a of e)(l[h=o(a.id,new Set)]??(l[h]=[])).push(a.id);return l.filter(Boolean)}function ot(e,n){return e.length>n?`${e.slice(0,n-1)}…`:e}function it({term:e,ancestors:n}){const r=[...n,e],i=new Set(r.map(s=>s.id)),o=r.flatMap(s=>s.parents.filter(u=>tt.has(u.relation)&&i.has(u.term.id)).map(u=>({child:s.id,parent:u.term.id,relation:u.relation}))),l=rt(r,o),a=Math.max(...l.map(s=>s.length))*(M+W)+W,c=l.length*(Y+J)+J/2,d=new Map;l.forEach((s,u)=>{const p=(a-s.length*(M+W)+W)/2;s.forEach(($,m)=>d.set($,{x:p+m*(M+W),y:J/2+u*(Y+J)}))});const _=new Map(r.map(s=>[s.id,s])),g=`${e.name} has ${n.length} ancestors over is_a and part_of`;return t("figure",{class:"graph",children:[t("div",{class:"scroll",children:t("svg",{role:"img","aria-label":g,viewBox:`0 0 ${a} ${c}`,width:a,height:c,children:[t("defs",{children:t("marker",{id:"arrow",viewBox:"0 0 10 10",refX:"10",refY:"5",markerWidth:"7",markerHeight:"7",orient:"auto",children:t("path",{d:"M0,0 L10,5 L0,10 z",class:"arrow"})})}),o.map(s=>{const u=d.get(s.child),p=d.get(s.parent);return t("line",{class:`edge ${s.relation}`,"data-relation":s.relation,x1:u.x+M/2,y1:u.y,x2:p.x+M/2,y2:p.y+Y,"marker-end":"url(#arrow)"},`${s.child}-${s.relation}-${s.parent}`)}),[...d].map(([s,{x:u,y:p}])=>{const $=_.get(s),m=s===e.id,y=t("g",{class:m?"node self":"node",children:[t("rect",{x:u,y:p,width:M,height:Y,rx:6}),t("text",{x:u+8,y:p+17,children:s}),t("text",{x:u+8,y:p+34,class:"name",children:ot($.name,24)}),t("title",{children:`${s} ${$.name}`})]});return m?t("g",{children:y},s):t("a",{href:q(s),"data-app":!0,"aria-label":`${s} ${$.name}`,children:y},s)})]})}),t("figcaption",{children:[t("span",{class:"key is_a",children:"is_a"})," ",t("span",{class:"key part_of",children:"part_of"})," Arrows point from a term to its parent."]})]})}const lt=25;function st({id:e}){const n=Ne(Ln,{id:e});return t(he,{loaded:n,children:r=>r.goTerm?t(at,{term:r.goTerm}):t("section",{children:[t("h1",{tabIndex:-1,children:["No term ",e]}),t("p",{children:"The ontology has no term with this id."})]})})}function We({id:e}){return t("a",{href:q(e),"data-app":!0,children:e})}function at({term:e}){return t("article",{class:"term",children:[t("h1",{tabIndex:-1,children:[e.name," ",t("span",{class:"subtitle",children:e.id})]}),e.isObsolete&&t("p",{class:"notice",role:"note",children:["This term is obsolete.",e.replacedBy&&t(x,{children:[" ","Use ",t(We,{id:e.replacedBy})," instead."]}),e.consider.length>0&&t(x,{children:[" ","Consider"," ",e.consider.map((n,r)=>t(x,{children:[r>0&&", ",t(We,{id:n})]})),"."]})]}),t("dl",{class:"facts",children:[t("dt",{children:"Category"}),t("dd",{children:Ce(e.category)}),t("dt",{children:"Definition"}),t("dd",{children:e.definition??"None given."}),e.synonyms.length>0&&t(x,{children:[t("dt",{children:"Synonyms"}),t("dd",{children:t("ul",{class:"plain",children:e.synonyms.map(n=>t("li",{children:[n.text," ",t("small",{class:"tag",children:n.scope})]},n.text))})})]}),e.altIds.length>0&&t(x,{children:[t("dt",{children:"Secondary ids"}),t("dd",{children:e.altIds.join(", ")})]}),t("dt",{children:"Elsewhere"}),t("dd",{children:[t("a",{href:e.quickGoUrl,rel:"noopener noreferrer",children:"QuickGO"})," ","·"," ",t("a",{href:e.amigoUrl,rel:"noopener noreferrer",children:"AmiGO"})]})]}),t("section",{"aria-labelledby":"ancestors",children:[t("h2",{id:"ancestors",children:"Ancestors"}),e.ancestors.length===0?t("p",{children:"None: the ontology has no term above this one."}):t(it,{term:e,ancestors:e.ancestors})]}),t(ct,{id:e.id})]})}function ct({id:e}){const[n,r]=b(null),[i,o]=b([]),[l,h]=b(null),[a,c]=b(null),[d,_]=b(null),[g,s]=b(!1),u=async(p,$,m)=>{s(!0);try{const f=(await O(An,{id:e,taxon:n,first:lt,after:p},m)).goTerm?.genes;if(!f)return;o(k=>$?f.nodes:[...k,...f.nodes]),h(f.totalCount),c(f.pageInfo.hasNextPage?f.pageInfo.endCursor??null:null),_(null)}catch(y){m?.aborted||_(String(y))}finally{s(!1)}};return L(()=>{const p=new AbortController;return u(null,!0,p.signal),()=>p.abort()},[e,n]),t("section",{"aria-labelledby":"genes",children:[t("h2",{id:"genes",children:"Genes annotated to this term or below it"}),t("div",{class:"filters",children:t("div",{class:"field",children:[t("label",{for:"term-species",children:"Species"}),t("select",{id:"term-species",value:n??"",onChange:p=>r(Number(p.currentTarget.value)||null),children:[t("option",{value:"",children:"All species"}),ae.map(p=>t("option",{value:p.taxon,children:p.label}))]})]})}),d&&t("p",{role:"alert",class:"error",children:d}),t("p",{role:"status",children:l===null?"Loading…":`Showing ${i.length} of ${l} genes`}),t("ul",{class:"results",children:i.map(p=>t("li",{children:[t("a",{href:R(p.id),"data-app":!0,children:t("strong",{children:p.symbol})})," ",p.name," ",t("small",{children:ue(p.species)})]},p.id))}),a&&t("button",{type:"button",disabled:g,onClick:()=>{u(a,!1)},children:"More genes"})]})}function dt({route:e}){switch(e.page){case"search":return t(nt,{query:e.query,taxon:e.taxon});case"gene":return t(Wn,{id:e.id});case"term":return t(st,{id:e.id});case"enrichment":return t(Un,{});case"missing":return t("section",{children:[t("h1",{children:"Not found"}),t("p",{children:["There is no page at ",e.path,"."]})]})}}function ht(){const e=Sn();return L(()=>{const n=document.querySelector("main h1");n&&e.page!=="search"&&n.focus({preventScroll:!0})},[e]),t(x,{children:[t("a",{class:"skip",href:"#main",children:"Skip to content"}),t("header",{class:"bar",children:[t("a",{class:"brand",href:"/","data-app":!0,children:"genegraph"}),t("nav",{"aria-label":"Main",children:[t("a",{href:"/","data-app":!0,"aria-current":e.page==="search"?"page":void 0,children:"Search"}),t("a",{href:"/enrichment","data-app":!0,"aria-current":e.page==="enrichment"?"page":void 0,children:"Enrichment"}),t("a",{href:"/graphql",children:"GraphiQL"})]})]}),t("main",{id:"main",children:t(dt,{route:e})})]})}xn();fn(t(ht,{}),document.getElementById("app"));
